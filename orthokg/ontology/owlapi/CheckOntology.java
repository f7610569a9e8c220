import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.NTriplesDocumentFormat;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.EntityType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAnnotationProperty;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.OWLOntologyStorageException;
import org.semanticweb.owlapi.model.OWLRuntimeException;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.search.EntitySearcher;
import org.semanticweb.owlapi.util.SimpleIRIMapper;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Loads an OrthoKG export with the OWL API (what Protégé, HermiT and ROBOT use) and checks
 * that it is an OWL 2 DL ontology those tools read without loss.
 *
 * <p>rdflib happily writes any triples; the OWL API is the reference reader, and it is
 * lenient: triples it cannot map to axioms are dropped, undeclared IRIs get a guessed type
 * and illegal punnings are "repaired". Each of those hides a modelling error that a user
 * only sees later as a missing fact in Protégé or a reasoner refusing the file, so this
 * check makes them fail loudly:
 *
 * <ul>
 *   <li>no unparsed triples (RDF the parser could not turn into axioms);
 *   <li>no guessed declarations (IRIs used without an rdf:type the parser needed);
 *   <li>every non-built-in entity of the signature is declared;
 *   <li>no OWL 2 DL profile violations (punning repair is switched off so they show);
 *   <li>at least {@code --min-annotated-axioms} axioms keep their annotations (provenance);
 *   <li>every entity whose IRI starts with a {@code --label-prefix} (and with no
 *       {@code --label-exempt} prefix) has an rdfs:label.
 * </ul>
 *
 * <p>The parser's own list of unparsed triples misses triples it consumed while trying to
 * build an axiom and then dropped (a stray {@code owl:someValuesFrom}, say), so
 * {@code --roundtrip FILE} also saves the ontology as the OWL API understood it (N-Triples);
 * the caller compares that with the input to find every triple that did not survive.
 *
 * <p>{@code --catalog FILE} resolves {@code owl:imports} offline, as Protégé does: each
 * {@code <uri name="IRI" uri="FILE"/>} of the OASIS XML catalog (Protégé's
 * {@code catalog-v001.xml}) maps an imported ontology's IRI to a file relative to the
 * catalog. The checks then cover the imports closure.
 *
 * <p>Usage: {@code java -cp CLASSPATH CheckOntology FILE [--format rdfxml|turtle]
 * [--catalog FILE] [--min-annotated-axioms N] [--label-prefix IRI]...
 * [--label-exempt IRI]... [--roundtrip FILE]}. It prints a short report and exits
 * 0 when every check passes, 1 when one fails and 2 when the file cannot be loaded or the
 * arguments are wrong.
 */
public final class CheckOntology {

    private static final int SHOWN = 25;
    private static final String DEFAULT_LABEL_PREFIX = "https://w3id.org/orthokg/";

    private CheckOntology() {
    }

    /** Command-line options, parsed once. */
    private static final class Options {
        File file;
        String format;
        long minAnnotated;
        final List<String> labelPrefixes = new ArrayList<>();
        final List<String> labelExempt = new ArrayList<>();
        File roundtrip;
        File catalog;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            out.println("usage error: " + e.getMessage());
            out.println("usage: CheckOntology FILE [--format rdfxml|turtle]"
                    + " [--min-annotated-axioms N] [--label-prefix IRI]... [--label-exempt IRI]..."
                + " [--roundtrip FILE]");
            return 2;
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology;
        try {
            if (options.catalog != null) {
                mapCatalog(manager, options.catalog);
            }
            ontology = load(manager, options);
        } catch (OWLOntologyCreationException | OWLRuntimeException e) {
            // an unloadable import (a catalog naming a missing file) is a runtime exception
            out.println("file: " + options.file);
            out.println("load error: " + e.getMessage());
            out.println("result: FAIL");
            return 2;
        }
        boolean ok = report(manager, ontology, options, out);
        if (options.roundtrip != null) {
            try (OutputStream stream = new FileOutputStream(options.roundtrip)) {
                manager.saveOntology(ontology, new NTriplesDocumentFormat(), stream);
            } catch (IOException | OWLOntologyStorageException e) {
                out.println("cannot save " + options.roundtrip + ": " + e.getMessage());
                return 2;
            }
            out.println("saved as N-Triples: " + options.roundtrip);
        }
        return ok ? 0 : 1;
    }

    private static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            switch (arg) {
                case "--format" -> options.format = args[++i];
                case "--min-annotated-axioms" -> options.minAnnotated = Long.parseLong(args[++i]);
                case "--label-prefix" -> options.labelPrefixes.add(args[++i]);
                case "--label-exempt" -> options.labelExempt.add(args[++i]);
                case "--roundtrip" -> options.roundtrip = new File(args[++i]);
                case "--catalog" -> options.catalog = new File(args[++i]);
                default -> {
                    if (options.file != null || arg.startsWith("--")) {
                        throw new IllegalArgumentException("unexpected argument " + arg);
                    }
                    options.file = new File(arg);
                }
            }
        }
        if (options.file == null) {
            throw new IllegalArgumentException("no file given");
        }
        if (options.format == null) {
            options.format = options.file.getName().endsWith(".ttl") ? "turtle" : "rdfxml";
        }
        if (options.labelPrefixes.isEmpty()) {
            options.labelPrefixes.add(DEFAULT_LABEL_PREFIX);
        }
        return options;
    }

    /** Adds one IRI mapper per {@code uri} entry of an OASIS XML catalog. */
    private static void mapCatalog(OWLOntologyManager manager, File catalog)
            throws OWLOntologyCreationException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setExpandEntityReferences(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList entries = factory.newDocumentBuilder().parse(catalog)
                    .getElementsByTagNameNS("*", "uri");
            File base = catalog.getAbsoluteFile().getParentFile();
            for (int i = 0; i < entries.getLength(); i++) {
                Element entry = (Element) entries.item(i);
                File target = new File(base, entry.getAttribute("uri"));
                manager.getIRIMappers().add(new SimpleIRIMapper(
                        IRI.create(entry.getAttribute("name")), IRI.create(target)));
            }
        } catch (Exception e) {
            throw new OWLOntologyCreationException("cannot read catalog " + catalog + ": "
                    + e.getMessage(), e);
        }
    }

    private static OWLOntology load(OWLOntologyManager manager, Options options)
            throws OWLOntologyCreationException {
        OWLDocumentFormat format = switch (options.format.toLowerCase(Locale.ROOT)) {
            case "turtle", "ttl" -> new TurtleDocumentFormat();
            case "rdfxml", "owl", "xml" -> new RDFXMLDocumentFormat();
            default -> throw new IllegalArgumentException("unknown format " + options.format);
        };
        // Repairing punnings would silently rewrite the very errors this check exists for.
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setRepairIllegalPunnings(false);
        return manager.loadOntologyFromOntologyDocument(
                new FileDocumentSource(options.file, format), config);
    }

    private static boolean report(OWLOntologyManager manager, OWLOntology ontology,
            Options options, PrintStream out) {
        out.println("file: " + options.file);
        out.println("format: " + manager.getOntologyFormat(ontology).getKey());
        out.println("ontology: " + ontology.getOntologyID().getOntologyIRI().map(Object::toString)
                .orElse("(anonymous)") + " version " + ontology.getOntologyID().getVersionIRI()
                .map(Object::toString).orElse("(none)"));
        out.println("axioms: " + ontology.getAxiomCount() + " (logical "
                + ontology.getLogicalAxiomCount() + ")");
        out.println("entities: " + entityCounts(ontology));
        boolean ok = true;
        ok &= section(out, "unparsed triples", unparsedTriples(manager, ontology));
        ok &= section(out, "guessed declarations (untyped IRIs)",
                guessedDeclarations(manager, ontology));
        ok &= section(out, "undeclared entities", undeclared(ontology));
        ok &= section(out, "OWL 2 DL profile violations", profileViolations(ontology));
        ok &= section(out, "entities without rdfs:label", unlabelled(ontology, options));
        long annotated = ontology.axioms().filter(OWLAxiom::isAnnotated).count();
        boolean enough = annotated >= options.minAnnotated;
        out.println("annotated axioms: " + annotated + " (minimum " + options.minAnnotated
                + ")" + (enough ? "" : "  <-- too few"));
        ok &= enough;
        out.println("result: " + (ok ? "PASS" : "FAIL"));
        return ok;
    }

    private static String entityCounts(OWLOntology ontology) {
        return EntityType.values().stream()
                .map(t -> t.getPrintName() + " " + ontology.signature(Imports.INCLUDED)
                        .filter(e -> e.isType(t)).count())
                .collect(Collectors.joining(", "));
    }

    /** Prints one check's findings (the first few of them); true when there are none. */
    private static boolean section(PrintStream out, String title, List<String> problems) {
        out.println(title + ": " + problems.size());
        problems.stream().limit(SHOWN).forEach(p -> out.println("  - " + p));
        if (problems.size() > SHOWN) {
            out.println("  ... and " + (problems.size() - SHOWN) + " more");
        }
        return problems.isEmpty();
    }

    private static RDFParserMetaData parserMetaData(OWLOntologyManager manager,
            OWLOntology ontology) {
        OWLOntologyLoaderMetaData meta = manager.getOntologyFormat(ontology)
                .getOntologyLoaderMetaData().orElse(null);
        return meta instanceof RDFParserMetaData rdf ? rdf : null;
    }

    private static List<String> unparsedTriples(OWLOntologyManager manager,
            OWLOntology ontology) {
        RDFParserMetaData meta = parserMetaData(manager, ontology);
        if (meta == null) {
            return List.of("no RDF parser metadata: the file was not read by an RDF parser");
        }
        return meta.getUnparsedTriples().map(Object::toString).sorted()
                .collect(Collectors.toList());
    }

    private static List<String> guessedDeclarations(OWLOntologyManager manager,
            OWLOntology ontology) {
        RDFParserMetaData meta = parserMetaData(manager, ontology);
        if (meta == null) {
            return List.of();
        }
        return meta.getGuessedDeclarations().entries().stream()
                .map(e -> e.getKey() + " guessed as " + e.getValue().getSimpleName())
                .sorted().collect(Collectors.toList());
    }

    private static List<String> undeclared(OWLOntology ontology) {
        return ontology.signature(Imports.INCLUDED)
                .filter(e -> !e.isBuiltIn() && !ontology.isDeclared(e, Imports.INCLUDED))
                .map(e -> e.getEntityType().getPrintName() + " " + e.getIRI())
                .sorted().collect(Collectors.toList());
    }

    /**
     * The OWL API's OWL 2 DL profile violations plus punnings that only declarations show.
     *
     * <p>The profile checker reports an illegal punning only where an axiom uses the
     * property; an IRI declared both, say, annotation and object property with no use yet
     * passes it, although OWL 2 DL (Structural Specification 5.8.1) forbids the declarations
     * themselves, so those are added here.
     */
    private static List<String> profileViolations(OWLOntology ontology) {
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        List<String> found = report.getViolations().stream()
                .map(v -> v.toString().replace('\n', ' ')).collect(Collectors.toList());
        found.addAll(punnedDeclarations(ontology));
        return found.stream().sorted().distinct().collect(Collectors.toList());
    }

    private static final List<Set<EntityType<?>>> FORBIDDEN_PUNS = List.of(
            Set.of(EntityType.OBJECT_PROPERTY, EntityType.DATA_PROPERTY),
            Set.of(EntityType.OBJECT_PROPERTY, EntityType.ANNOTATION_PROPERTY),
            Set.of(EntityType.DATA_PROPERTY, EntityType.ANNOTATION_PROPERTY),
            Set.of(EntityType.CLASS, EntityType.DATATYPE));

    private static List<String> punnedDeclarations(OWLOntology ontology) {
        Map<IRI, Set<EntityType<?>>> types = new TreeMap<>();
        ontology.signature(Imports.INCLUDED).filter(e -> !e.isBuiltIn()).forEach(e ->
                types.computeIfAbsent(e.getIRI(), k -> new HashSet<>()).add(e.getEntityType()));
        List<String> found = new ArrayList<>();
        types.forEach((iri, kinds) -> FORBIDDEN_PUNS.stream()
                .filter(kinds::containsAll)
                .forEach(pair -> found.add("Illegal punning: " + iri + " is both "
                        + pair.stream().map(EntityType::getPrintName).sorted()
                                .collect(Collectors.joining(" and ")))));
        return found;
    }

    private static List<String> unlabelled(OWLOntology ontology, Options options) {
        OWLAnnotationProperty label = ontology.getOWLOntologyManager().getOWLDataFactory()
                .getRDFSLabel();
        return ontology.signature(Imports.INCLUDED)
                .filter(e -> !e.isBuiltIn() && startsWithAny(e, options.labelPrefixes)
                        && !startsWithAny(e, options.labelExempt))
                .distinct()
                .filter(e -> EntitySearcher.getAnnotations(e, ontology.importsClosure(), label)
                        .findAny().isEmpty())
                .map(e -> e.getEntityType().getPrintName() + " " + e.getIRI())
                .sorted().collect(Collectors.toList());
    }

    private static boolean startsWithAny(OWLEntity entity, List<String> prefixes) {
        String iri = entity.getIRI().toString();
        return prefixes.stream().anyMatch(iri::startsWith);
    }
}
