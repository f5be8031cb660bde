"""The engine: analyse questions and score question plans, with explanations.

``analyze_question(text)`` labels one question (domain, orientation, form, stage, flags,
evidence); ``score_plan(questions, domain=ID)`` scores a plan for a target domain.
"""

from kit.scoring.analysis import QuestionAnalysis, analyze_question
from kit.scoring.plan import MAX_PLAN_QUESTIONS, PlanScore, score_plan
from kit.scoring.rubric import Rubric, load_rubric

__all__ = ["MAX_PLAN_QUESTIONS", "PlanScore", "QuestionAnalysis", "Rubric", "analyze_question",
           "load_rubric", "score_plan"]
