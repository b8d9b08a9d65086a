/* report.c - report.html: the page, its style, its summary and the
 * sections in order (each in report_<name>.c). */
#include "needmap/buf.h"
#include "planner_parts.h"

static const char style[] =
    ":root{--ink:#1d2733;--muted:#5b6673;--line:#d5dbe2;--band:#f3f5f8;--accent:#1f5f8b;"
    "--warn:#9a3412}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',"
    "'DejaVu Sans',sans-serif;color:var(--ink);background:#fff}\n"
    "header,main,footer{max-width:1120px;margin:0 auto;padding:0 20px}\n"
    "header{padding-top:24px}\n"
    "h1{font-size:1.7em;margin:.2em 0 .1em;line-height:1.2}\n"
    "h2{font-size:1.35em;margin:1.6em 0 .5em;padding-top:.4em;border-top:2px solid var(--accent)}\n"
    "h2 .no{display:inline-block;min-width:1.6em;color:var(--accent)}\n"
    "h3{font-size:1.08em;margin:1.3em 0 .4em}\n"
    "h4{font-size:.98em;margin:.9em 0 .3em}\n"
    "p{margin:.4em 0 .8em;max-width:60em}\n"
    ".lead{color:var(--muted);max-width:62em}\n"
    ".internal{background:#fde8e8;border:2px solid #b91c1c;color:#7f1d1d;padding:8px 12px;"
    "font-weight:600;margin:12px 0}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}\n"
    ".card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:8.5em;"
    "background:var(--band)}\n"
    ".card b{display:block;font-size:1.45em;line-height:1.2}\n"
    ".card span{color:var(--muted);font-size:.86em}\n"
    "nav{margin:8px 0 0;font-size:.93em}\n"
    "nav a{margin-right:14px;color:var(--accent);white-space:nowrap}\n"
    ".scroll{overflow-x:auto;margin:.3em 0 1em}\n"
    "table{border-collapse:collapse;font-size:.9em;min-width:50%}\n"
    "th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "th{background:var(--band);font-weight:600}\n"
    "td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "tr.hid td{color:var(--muted)}\n"
    ".dots{color:var(--muted);border-bottom:1px dotted var(--muted);cursor:help}\n"
    ".note{color:var(--muted);font-size:.9em}\n"
    ".warn{color:#9a3412}\n"
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(330px,100%),1fr));"
    "gap:4px 22px}\n"
    ".grid>div{min-width:0}\n"
    ".pair{display:flex;flex-wrap:wrap;gap:6px 28px;align-items:flex-start}"
    ".pair>div{min-width:0;max-width:100%}\n"
    ".grid h4{margin-top:.6em}\n"
    ".grid table{width:100%}\n"
    ".code{color:var(--muted);font-size:.88em;white-space:nowrap}\n"
    ".mapbox{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}\n"
    ".map{flex:1 1 420px;max-width:640px;min-width:0}\n"
    ".map svg{width:100%;height:auto;border:1px solid var(--line);background:#eef3f7}\n"
    ".mapside{flex:1 1 300px;min-width:0}\n"
    ".controls label{display:block;font-size:.88em;color:var(--muted);margin-top:6px}\n"
    ".controls select{width:100%;max-width:100%;font:inherit;padding:3px}\n"
    ".legend{list-style:none;padding:0;margin:8px 0;font-size:.88em}\n"
    ".legend li{display:flex;align-items:center;gap:6px;margin:2px 0}\n"
    ".sw{display:inline-block;width:18px;height:12px;border:1px solid #8895a3}\n"
    ".m path{stroke:#7d8a97;stroke-width:.6;vector-effect:non-scaling-stroke}\n"
    ".m path.c0{fill:#fbfcfd}.m path.c1{fill:#deebf7}.m path.c2{fill:#9ecae1}"
    ".m path.c3{fill:#6baed6}.m path.c4{fill:#3182bd}.m path.c5{fill:#08519c}"
    ".m path.ch{fill:url(#hatch)}.m path.out{fill:#e4e8ec;stroke:#c5ccd3}\n"
    ".sw.c0{background:#fbfcfd}.sw.c1{background:#deebf7}.sw.c2{background:#9ecae1}"
    ".sw.c3{background:#6baed6}.sw.c4{background:#3182bd}.sw.c5{background:#08519c}"
    ".sw.ch{background:repeating-linear-gradient(45deg,#fff 0 3px,#9aa5b1 3px 4px)}\n"
    ".co line{stroke:#c2410c;stroke-width:2;vector-effect:non-scaling-stroke}\n"
    ".co circle{fill:#fff;stroke:#c2410c;stroke-width:1.6;vector-effect:non-scaling-stroke}\n"
    ".co rect{fill:#c2410c;stroke:#fff;stroke-width:1;vector-effect:non-scaling-stroke}\n"
    ".co text,.lbl{font-family:system-ui,sans-serif;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px;stroke-linejoin:round}\n"
    ".co text{fill:#9a3412;font-weight:700}\n"
    ".lbl{fill:#334155}\n"

    ".off{display:none}\n"
    "footer{color:var(--muted);font-size:.85em;padding:24px 20px 40px}\n"
    "@media (max-width:600px){body{font-size:14px}h1{font-size:1.35em}"
    ".card{min-width:calc(50% - 10px)}.grid{grid-template-columns:1fr}}\n"
    "@media print{@page{size:A4;margin:14mm}body{font-size:10pt}nav,.controls{display:none}"
    "header,main,footer{max-width:none;padding:0}h2{break-after:avoid}h3,h4{break-after:avoid}"
    "tr{break-inside:avoid}.scroll{overflow:visible}.map{max-width:120mm}"
    ".card{background:none}}\n";

typedef struct section {
    void (*render)(rpt *r);
} section;

static const section sections[] = {
    {rpt_section_read},  {rpt_section_needs},    {rpt_section_map},
    {rpt_section_cohorts}, {rpt_section_clusters}, {rpt_section_method},
};

static const char *const section_ids[] = {"inlast", "behov", "karta", "kohorter",
                                          "kluster", "metod"};

static const char *section_title(const rpt *r, int i)
{
    static const char *const sv[] = {"Vad som lästes", "Behoven", "Karta",
                                     "Kohorter och vad som saknas", "Kompetenskluster",
                                     "Metod och integritet"};
    static const char *const en[] = {"What was read", "The needs", "Map",
                                     "Cohorts and what is missing", "Competence clusters",
                                     "Method and privacy"};
    return RL(r, sv[i], en[i]);
}

static void card(rpt *r, uint64_t v, const char *what)
{
    h_raw(r, "<div class=\"card\"><b>");
    h_u64(r, v);
    h_raw(r, "</b><span>");
    h_text(r, what);
    h_raw(r, "</span></div>");
}

/* The counts of the console line, in words. */
static void summary(rpt *r)
{
    const nm_run_counts *c = &r->counts;
    nm_buf b = {0};
    nm_word_counts(r->lang, c, &b);
    h_raw(r, "<p class=\"lead\" id=\"nm-counts\">");
    h_text(r, nm_buf_str(&b));
    h_raw(r, "</p>\n");
    nm_buf_free(&b);
    h_raw(r, "<div class=\"cards\">");
    card(r, c->rows_read, RL(r, "rader lästa", "rows read"));
    card(r, c->rejections, RL(r, "avvisningar", "rejections"));
    card(r, c->needs_accepted, RL(r, "behov", "needs"));
    card(r, c->cohorts, RL(r, "genomförbara kohorter", "viable cohorts"));
    card(r, c->cohorts - c->cohorts_hidden, RL(r, "kohorter med siffror", "cohorts with figures"));
    card(r, c->clusters, RL(r, "kompetenskluster", "competence clusters"));
    h_raw(r, "</div>\n");
}

static void head(rpt *r)
{
    h_fmt(r, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
          RL(r, "sv", "en"));
    /* nothing may be fetched: styles and the script are inline */
    h_raw(r, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<meta name=\"generator\" content=\"needmap " NEEDMAP_VERSION "\">\n<title>");
    h_text(r, RL(r, "Kompetensbehov och utbildningskohorter – needmap",
                 "Competence needs and education cohorts – needmap"));
    h_raw(r, "</title>\n<style>\n");
    h_raw(r, style);
    h_raw(r, "</style>\n</head>\n<body>\n<header>\n");
    if (r->in->o->internal)
        h_fmt(r, "<p class=\"internal\">%s</p>\n",
              RL(r, "INTERNT: inga siffror är dolda. Publicera inte och dela inte rapporten.",
                 "INTERNAL: no figure is hidden. Do not publish or share this report."));
    h_fmt(r, "<h1>%s</h1>\n", RL(r, "Kompetensbehov och utbildningskohorter",
                                   "Competence needs and education cohorts"));
    summary(r);
    h_raw(r, "<nav>");
    for (int i = 0; i < (int)(sizeof sections / sizeof sections[0]); i++) {
        h_fmt(r, "<a href=\"#%s\">%d ", section_ids[i], i + 1);
        h_text(r, section_title(r, i));
        h_raw(r, "</a>\n");
    }
    h_raw(r, "</nav>\n</header>\n<main>\n");
}

void nm_write_report_html(FILE *f, const nm_report_in *in)
{
    rpt r = {.f = f, .lang = in->lang, .in = in};
    nm_run_counts_get(in->facts, &r.counts);
    head(&r);
    for (int i = 0; i < (int)(sizeof sections / sizeof sections[0]); i++) {
        rpt_section_begin(&r, section_ids[i], i + 1, section_title(&r, i));
        sections[i].render(&r);
        rpt_section_end(&r);
    }
    h_raw(&r, "</main>\n<footer>");
    h_text(&r, RL(&r, "Skriven av needmap " NEEDMAP_VERSION ". Samma indata ger samma rapport. "
                      "Siffrorna är desamma som i CSV-filerna och needmap.xlsx.",
                  "Written by needmap " NEEDMAP_VERSION ". The same inputs give the same "
                  "report. The figures are those of the CSV files and needmap.xlsx."));
    h_raw(&r, "</footer>\n<script>\n");
    h_raw(&r, nm_report_script);
    h_raw(&r, "</script>\n</body>\n</html>\n");
}
