"""Evaluation pages for analysts: care-home interventions evaluated against a matched comparison
group by ``engineroom.population.evaluation``, read as an Improvement Analytics Unit briefing."""
