"""The routes of the pages for people (questions, answers, compare, search, drawing
libraries), listed here so the application registers them with one line."""

from __future__ import annotations

from starlette.routing import Route

from orthokg.server.compare import compare_page
from orthokg.server.question_pages import question_page, questions_index, results_page
from orthokg.server.search_pages import search_page, suggest_api
from orthokg.server.web_libs import library_file


def ui_routes() -> list[Route]:
    """/ask, /ask/<name>, /results, /compare, /search, /api/suggest, /lib/<name>."""
    return [
        Route("/ask", questions_index),
        Route("/ask/{name}", question_page),
        Route("/results", results_page),
        Route("/compare", compare_page),
        Route("/search", search_page),
        Route("/api/suggest", suggest_api),
        Route("/lib/{name}", library_file),
    ]
