"""assessor.bank"""
