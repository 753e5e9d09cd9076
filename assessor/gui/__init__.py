"""assessor.gui"""
