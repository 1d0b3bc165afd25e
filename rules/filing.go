package rules

// Kind is the family a number belongs to, as the JSON report names it.
type Kind string

const (
	KindICP     Kind = "icp"     // ICP备: filing of a site, App or mini-program
	KindLicence Kind = "licence" // ICP证 or B1-/B2- telecom licence
	KindPSB     Kind = "psb"     // 公网安备: public-security filing
)

// Form is the exact format a number matched (DOMAIN §3).
type Form string

const (
	FormICP Form = "ICP备"
	FormLIC Form = "ICP证"
	FormB2  Form = "B2"
	FormPSB Form = "公网安备"
)

// Issue is a format problem of a parsed number. Rule is the ID of the rule
// that reports it (ICP011, ICP012, PSB002); Level its severity in
// the absence of overrides.
type Issue struct {
	Rule    string `json:"rule"`
	Level   Level  `json:"level"`
	Message string `json:"message"`
}

// Filing is one parsed number.
type Filing struct {
	Kind Kind `json:"kind"`
	Form Form `json:"form"`
	// Number is the normalised number (NFKC, traditional forms folded,
	// whitespace and zero-width characters removed, "ICP" upper case).
	Number string `json:"number"`
	// Main is the number without the site suffix: "粤ICP备2023123456号".
	// Two pages of one site show the same Main.
	Main     string `json:"main"`
	Province string `json:"province"` // one character, as shown
	Digits   string `json:"digits"`   // the main digits
	Site     string `json:"site,omitempty"`
	// Suffix is the letter after the site number: "A" App, "X"
	// mini-program, "K" quick app.
	Suffix string  `json:"suffix,omitempty"`
	Issues []Issue `json:"issues,omitempty"`
}
