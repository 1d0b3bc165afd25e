package scanner

// SourceRef is where a project's source gives a target's URL: a
// mini-program's <web-view> or URL literal. File is slash-separated and
// relative to the working directory (the repository root in CI); Line and
// Col count from 1; How says how the URL was found (literal, data-bound,
// query, constant); URL is the web-view URL as the source writes it,
// before any --rewrite-host.
type SourceRef struct {
	URL  string `json:"url"`
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	How  string `json:"how"`
}
