"""The statutory backbone, part one: from the front door to child protection (early help, referrals,
assessments, CIN plans, strategy discussions, section 47 enquiries, conferences and child protection
plans), and each adult's relationship to each child of a case."""
