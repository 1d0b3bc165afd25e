// Package discover finds the pages of a whole-site scan before any browser
// is involved: it reads --urls lists, sitemaps (plain, gzipped, indexes) and
// robots.txt, decides which crawled links stay in scope, and extracts links
// from rendered HTML.
//
// Network access goes only through a Fetcher, so the engine decides headers,
// cookies, authentication and limits, and tests use loopback servers.
package discover
