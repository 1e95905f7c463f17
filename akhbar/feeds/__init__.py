"""Distribution: feeds, sitemaps, robots.txt, structured data and social metadata."""
