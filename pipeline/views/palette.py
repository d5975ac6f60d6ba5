"""Event types in display order and one colour per type and per mention label, shared by every view."""

EVENT_TYPES = (
    "ARREST", "KILL", "INJURE", "ATTACK", "AIRSTRIKE", "SHELLING",
    "BOMBING", "CAPTURE", "DESTROY", "SEIZE", "KIDNAP",
)  # SPEC section 3 order, for display only: a type not listed here still shows, grey, after these
# One colour per event type, shared by the plots, the map and displaCy.
EVENT_COLORS = {
    "ARREST": "#1f77b4", "KILL": "#d62728", "INJURE": "#ff9896", "ATTACK": "#ff7f0e",
    "AIRSTRIKE": "#9467bd", "SHELLING": "#8c564b", "BOMBING": "#e377c2", "CAPTURE": "#2ca02c",
    "DESTROY": "#7f7f7f", "SEIZE": "#bcbd22", "KIDNAP": "#17becf",
}
OTHER_COLOR = "#aaaaaa"
# displaCy colours for mention labels (ORG/LOC/PER/DATE follow displaCy's own defaults).
LABEL_COLORS = {
    "ORG": "#7aecec", "LOC": "#ff9561", "PER": "#aa9cfc", "DATE": "#bfe1d9",
    "QUANTITY": "#e4e7d2", "MISC": "#c887fb",
}
# What an analyst reading French sees for each type (the report's labels; the codes stay in the tables).
EVENT_NAMES_FR = {
    "ARREST": "Arrestation", "KILL": "Mort", "INJURE": "Blessés", "ATTACK": "Attaque",
    "AIRSTRIKE": "Frappe aérienne", "SHELLING": "Bombardement", "BOMBING": "Attentat à l'explosif",
    "CAPTURE": "Prise de contrôle", "DESTROY": "Destruction", "SEIZE": "Saisie", "KIDNAP": "Enlèvement",
}
MENTION_NAMES_FR = {
    "ORG": "Organisation", "LOC": "Lieu", "PER": "Personne", "DATE": "Date", "QUANTITY": "Quantité", "MISC": "Divers",
}
