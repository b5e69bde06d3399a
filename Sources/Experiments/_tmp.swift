enum PlaceholderExperiments {}
