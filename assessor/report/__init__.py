"""assessor.report"""
