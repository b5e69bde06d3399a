enum PlaceholderDataset {}
