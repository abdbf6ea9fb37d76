"""`make relevance`: judged queries over the demo catalog, four rankings side by side."""
