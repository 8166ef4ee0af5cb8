package dashboard

import "html/template"

// The pages are html/template: every name and label a ward typed (TDP
// names, target labels, user names) is escaped in its context, text or
// attribute; numbers and path data are made here.

type loginPage struct {
	T       text
	Lang    string
	Message string
	Other   string // the other language's query
	OtherL  string
}

func loginData(l lang, msg string) loginPage {
	d := loginPage{T: texts(l), Lang: string(l), Message: msg, Other: Prefix + "?lang=en", OtherL: "English"}
	if l == en {
		d.Other, d.OtherL = Prefix, "Tiếng Việt"
	}
	return d
}

type messageData struct {
	T             text
	Lang          string
	User, Message string
}

const css = `*{box-sizing:border-box}
body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1d2327;background:#eef1f3}
a{color:#0a5a8a}
header{background:#0b5d3b;color:#fff;padding:.55rem .9rem;display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;justify-content:space-between}
header a,header button{color:#fff}
h1{font-size:1.15rem;margin:0;font-weight:600}
h2{font-size:1.05rem;margin:0 0 .5rem}
h3{font-size:.95rem;margin:.9rem 0 .2rem;color:#3d4a52;text-transform:uppercase;letter-spacing:.02em}
.who{display:flex;gap:.6rem;align-items:center;font-size:.9rem}
.who a,.who button{white-space:nowrap}
.jump{display:inline-block;margin-top:.5rem;font-size:.95rem}
@media(min-width:1000px){.jump{display:none}}
.who form{margin:0}
.who button{background:none;border:1px solid rgba(255,255,255,.7);border-radius:4px;padding:.2rem .55rem;font-size:.9rem;cursor:pointer}
main{max-width:1440px;margin:0 auto;padding:.6rem}
section{background:#fff;border-radius:8px;padding:.7rem .8rem;box-shadow:0 1px 2px rgba(0,0,0,.1);margin-bottom:.7rem;min-width:0}
form.pick{display:flex;flex-wrap:wrap;gap:.5rem .7rem;align-items:flex-end}
form.pick label{display:flex;flex-direction:column;font-size:.8rem;color:#4a565e;gap:.15rem;flex:1 1 9rem;min-width:0}
select,input{font:inherit;font-size:1rem;padding:.4rem;border:1px solid #9aa5ad;border-radius:4px;background:#fff;max-width:100%;width:100%}
button.go{font:inherit;padding:.45rem 1.1rem;border:0;border-radius:4px;background:#0b5d3b;color:#fff;cursor:pointer}
.period{font-size:1.1rem;font-weight:600;margin:.2rem 0 .1rem}
.asof{font-size:.85rem;color:#55626a}
.summary{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0 0;padding:0;list-style:none}
.chip{display:inline-block;border-radius:999px;padding:.1rem .55rem;font-size:.85rem;color:#fff;white-space:nowrap}
.on_track{background:#149646}.at_risk{background:#eba000;color:#231a00}.missed{background:#d22828}.no_data{background:#969696}.none{background:#fff;color:#6b777e;border:1px dashed #b5bec4}
.grid{display:grid;gap:.7rem}
@media(min-width:1000px){.grid{grid-template-columns:minmax(0,1fr) minmax(340px,36%);align-items:start}.mapcol{position:sticky;top:.6rem}}
ul.rows{list-style:none;margin:0;padding:0}
li.row{display:grid;grid-template-columns:minmax(0,1fr) auto;grid-template-areas:"name name" "val status" "bar spark";gap:.2rem .8rem;padding:.55rem .3rem;border-top:1px solid #e2e6e9;align-items:center}
li.row.chosen{background:#eef7f1;box-shadow:inset 4px 0 #0b5d3b}
.name{grid-area:name;min-width:0;overflow-wrap:anywhere}
.name a{text-decoration:none;color:#14232c}.name a:hover{text-decoration:underline}
.code{font-size:.75rem;color:#66737b;font-variant-numeric:tabular-nums;margin-right:.3rem}
.val{grid-area:val;font-variant-numeric:tabular-nums;white-space:nowrap}
.val b{font-size:1.1rem}
.val small{color:#5a666e;margin-left:.35rem}
.status{grid-area:status;justify-self:end}
.bar{grid-area:bar;display:flex;align-items:center;gap:.4rem;font-size:.8rem;color:#4a565e;font-variant-numeric:tabular-nums}
.bar span.track{flex:1;height:.5rem;background:#e3e7ea;border-radius:4px;overflow:hidden;min-width:3rem}
.bar span.fill{display:block;height:100%;background:#0b5d3b}
.spark{grid-area:spark;justify-self:end;line-height:0}
@media(min-width:700px){li.row{grid-template-columns:minmax(0,1fr) 10.5rem 9rem 104px 8.5rem;grid-template-areas:"name val bar spark status"}}
.head{display:none}
@media(min-width:700px){.head{display:grid;grid-template-columns:minmax(0,1fr) 10.5rem 9rem 104px 8.5rem;gap:.8rem;font-size:.75rem;color:#5a666e;padding:0 .3rem;text-transform:uppercase}}
svg.map{width:100%;height:auto;display:block;background:#f7f9fa;border-radius:6px}
svg.map path{stroke:#fff;stroke-width:1.5;fill-rule:evenodd}
svg.map a:hover path{stroke:#222;stroke-width:2.5}
svg.map path.chosen{stroke:#111;stroke-width:4}
svg.map text{font-size:17px;text-anchor:middle;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;pointer-events:none}
svg.map text.v{font-size:14px}
@media(max-width:640px){svg.map text{font-size:27px;stroke-width:4px}svg.map text.v{font-size:22px}}
.legend{display:flex;flex-wrap:wrap;gap:.35rem .8rem;list-style:none;margin:.5rem 0;padding:0;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;border-radius:3px;vertical-align:-2px;margin-right:.3rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
td,th{padding:.35rem .3rem;border-top:1px solid #e2e6e9;text-align:left;vertical-align:middle}
th{font-size:.75rem;color:#5a666e;font-weight:normal;text-transform:uppercase;border-top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.chosen td{background:#eef7f1;font-weight:600}
.note{color:#55626a;font-size:.9rem}
.stale{background:#fff4d6;color:#6b4a00;border-left:4px solid #e0a100;border-radius:4px;padding:.4rem .6rem;margin:.4rem 0;font-size:.9rem}
.login{max-width:24rem;margin:2.5rem auto}
.login form{display:flex;flex-direction:column;gap:.7rem}
.login label{display:flex;flex-direction:column;gap:.2rem;font-size:.9rem}
.err{background:#fdecea;color:#8a1c1c;border-radius:4px;padding:.5rem .6rem}
`

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}} · {{.PeriodLabel}}</title><style>` + css + `</style></head>
<body>
<header><h1>{{.T.Title}}</h1>
<div class="who"><a href="{{.LangLink}}" lang="{{if eq .Lang "en"}}vi{{else}}en{{end}}">{{.LangName}}</a><span>{{.User}} ({{.Role}})</span>
<form method="post" action="dang-xuat"><input type="hidden" name="lang" value="{{.Lang}}"><button>{{.T.Logout}}</button></form></div>
</header>
<main>
<section>
<form class="pick" method="get" action="">
<label>{{.T.Period}}<select name="p">{{range .Periods}}<optgroup label="{{.Label}}">{{range .Options}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Label}}</option>{{end}}</optgroup>{{end}}</select></label>
<label>{{.T.Scope}}<select name="tdp">{{range .Scopes}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Label}}</option>{{end}}</select></label>
<input type="hidden" name="t" value="{{.Target}}">{{if eq .Lang "en"}}<input type="hidden" name="lang" value="en">{{end}}
<button class="go">{{.T.Show}}</button>
</form>
<p class="period" id="period" data-period="{{.PeriodName}}">{{.PeriodLabel}} · {{.ScopeLabel}}</p>
<div class="asof">{{.T.AsOf}} {{.AsOf}}</div>
{{if .Stale}}<p class="stale" role="status">{{.Stale}}</p>{{end}}
<ul class="summary">{{range .Summary}}<li class="chip {{.Class}}">{{.Label}}: {{.N}}</li>{{end}}</ul>
<a class="jump" href="#map">{{.T.MapTitle}} ↓</a>
</section>
<div class="grid">
<section id="targets" data-scope="{{.TDP}}">
<h2>{{.T.Targets}}</h2>
<div class="head"><span></span><span>{{.T.ValueCol}} / {{.T.TargetCol}}</span><span>{{.T.ProgressCol}}</span><span>{{.T.TrendCol}}</span><span>{{.T.StatusCol}}</span></div>
{{range .Groups}}<h3>{{.Label}}</h3>
<ul class="rows">{{range .Rows}}
<li class="row{{if .Chosen}} chosen{{end}}" data-code="{{.Code}}" data-value="{{.DataValue}}" data-status="{{.DataStatus}}">
<div class="name"><a href="{{.Link}}#map" title="{{$.T.Choose}}"><span class="code">{{.Code}}</span>{{.Name}}</a></div>
<div class="val"><b>{{.Value}}</b>{{if .Target}}<small>{{.Target}}</small>{{end}}</div>
<div class="bar">{{if not .NotMeasured}}<span class="track"><span class="fill" style="width:{{.Progress}}%"></span></span>{{.ProgressText}}{{end}}</div>
<div class="spark">{{with .Spark}}<svg width="100" height="28" viewBox="0 0 100 28" role="img"><title>{{.Title}}</title>{{if .Empty}}<line x1="3" y1="14" x2="97" y2="14" stroke="#ccd3d8" stroke-dasharray="3 3"/>{{else}}<polyline points="{{.Points}}" fill="none" stroke="#51606a" stroke-width="1.5"/>{{range .Dots}}<circle cx="{{.X}}" cy="{{.Y}}" r="2.6" fill="{{.Colour}}"/>{{end}}{{end}}</svg>{{end}}</div>
<div class="status"><span class="chip {{.StatusClass}}">{{.Status}}</span></div>
</li>{{end}}
</ul>{{end}}
</section>
<section class="mapcol" id="map" data-target="{{.Target}}">
<h2>{{.T.MapTitle}}: <span class="code">{{.Target}}</span>{{.TargetName}}</h2>
{{if .Map.Empty}}<p class="note">{{.T.NoTDP}}</p>{{else}}
{{if .NotPerTDP}}<p class="note">{{.T.NotPerTDP}}</p>{{end}}
<svg class="map" viewBox="0 0 {{.Map.W}} {{.Map.H}}" role="img"><title>{{.T.MapTitle}}: {{.TargetName}}</title>
{{range .Map.Shapes}}<a href="{{.Link}}#map"><path d="{{.D}}" fill="{{.Fill}}"{{if .Chosen}} class="chosen"{{end}}><title>{{.Title}}</title></path></a>{{end}}
{{range .Map.Shapes}}<text x="{{.X}}" y="{{.Y}}">{{.Label}}</text>{{if .Value}}<text class="v" x="{{.X}}" y="{{.Y}}" dy="1.1em">{{.Value}}</text>{{end}}{{end}}
</svg>
<ul class="legend" aria-label="{{.T.Legend}}">{{range .Map.Legend}}<li><i class="{{.Class}}"></i>{{.Label}} ({{.N}})</li>{{end}}</ul>
<table id="tdps"><thead><tr><th>{{.T.TDPCol}}</th><th class="num">{{.T.ValueCol}}</th><th>{{.T.StatusCol}}</th></tr></thead><tbody>
{{range .TDPRows}}<tr{{if .Chosen}} class="chosen"{{end}} data-tdp="{{.ID}}" data-value="{{.DataValue}}" data-status="{{.DataStatus}}"><td><a href="{{.Link}}">{{.Name}}</a></td><td class="num">{{.Value}}</td><td><span class="chip {{.StatusClass}}">{{.Status}}</span></td></tr>
{{end}}</tbody></table>{{end}}
</section>
</div>
</main>
</body></html>
`))

var loginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.LoginTitle}} · {{.T.Title}}</title><style>` + css + `</style></head>
<body>
<header><h1>{{.T.Title}}</h1><div class="who"><a href="{{.Other}}">{{.OtherL}}</a></div></header>
<main><section class="login">
<h2>{{.T.LoginTitle}}</h2>
{{if .Message}}<p class="err" role="alert">{{.Message}}</p>{{end}}
<form method="post" action="dang-nhap">
<input type="hidden" name="lang" value="{{.Lang}}">
<label>{{.T.UserName}}<input name="user" autocomplete="username" required autocapitalize="none" spellcheck="false"></label>
<label>{{.T.Password}}<input name="password" type="password" autocomplete="current-password" required></label>
<button class="go">{{.T.LoginButton}}</button>
</form>
<p class="note">{{.T.LoginHint}}</p>
</section></main>
</body></html>
`))

var messageTmpl = template.Must(template.New("message").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title><style>` + css + `</style></head>
<body>
<header><h1>{{.T.Title}}</h1>
<div class="who"><span>{{.User}}</span><form method="post" action="dang-xuat"><input type="hidden" name="lang" value="{{.Lang}}"><button>{{.T.Logout}}</button></form></div></header>
<main><section class="login"><p class="err" role="alert">{{.Message}}</p><p><a href="./{{if eq .Lang "en"}}?lang=en{{end}}">{{.T.Back}}</a></p></section></main>
</body></html>
`))
