"""The analyzer's old address, kept so that indexes built before the move open.

An index pickles its schema, analyzer classes included, by module path; those
built before ``search.text.analyzer`` existed name this module.
"""
from search.text.analyzer import ArabicAnalyzer, ArabicStemFilter, ArabicStopFilter, ArabicTokenizer

__all__ = ["ArabicAnalyzer", "ArabicStemFilter", "ArabicStopFilter", "ArabicTokenizer"]
