"""Introduced on Day 01: the helpers every lesson shares, growing one module per idea.

Each module's docstring starts with the day that introduces it; a course-wide test checks
that day N never imports a module introduced after day N.
"""
