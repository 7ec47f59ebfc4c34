"""The course tool: ``python -m course list | run N | serve | check [N…] | doctor | bench [N…]``."""
