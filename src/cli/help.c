/* help.c - `needmap help [COMMAND]` and every command's --help text. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char exit_codes[] =
    "Exit codes:\n"
    "  0  every input read; every row accepted or skipped\n"
    "  1  inputs read, but some rows were rejected (validate and run list them\n"
    "     with file:line:column)\n"
    "  2  usage error, or a bad mapping, synonyms, rules or scenario file\n"
    "  3  an input could not be read or is not a survey export\n"
    "     (the other inputs were still read)\n"
    "  4  an output could not be written (a file, DIR, or standard output)\n"
    "  5  out of memory, or a bug in needmap\n"
    "  6  the disclosure audit failed: a hidden figure could be worked out\n"
    "     (to within its protection) from published ones; run published nothing\n"
    "When several apply, the highest of 4, 3, 1 is returned.\n";

static const char ingest_options[] =
    "  -m, --mapping FILE        JSON mapping file: column names, values, defaults\n"
    "  -s, --synonyms FILE       your own synonyms (CSV: text,ssyk,competence);\n"
    "                            may be given several times\n"
    "      --min-confidence X    accept approximate occupation matches at or above\n"
    "                            X (0-1, default 0.85)\n"
    "  -q, --quiet               do not print rejected rows\n"
    "      --sheet NAME          read the sheet NAME of .xlsx workbooks (default:\n"
    "                            the first visible sheet)\n"
    "      --threads N           use N threads (default: one per core): inputs,\n"
    "                            and parts of a large CSV file, are read at once;\n"
    "                            results are the same for every N\n"
    "  -h, --help                show this help\n";

typedef struct help_entry {
    const char *name;
    const char *usage;
    const char *text;
    const char *options;
} help_entry;

static const help_entry entries[] = {
    {"validate", "needmap validate [OPTIONS] INPUT...",
     "Read survey exports and account for every row: how many were accepted,\n"
     "rejected (with file:line:column and the reason) or skipped, and which\n"
     "occupation texts were matched only approximately.  Writes nothing unless\n"
     "--rejects is given.\n",
     "      --rejects FILE        write every rejection to FILE (CSV: file, line,\n"
     "                            column, reason; no cell values)\n"
     "      --max-messages N      print at most N rejected rows (default 20)\n"},
    {"inspect", "needmap inspect [OPTIONS] INPUT...",
     "Show what needmap detected in each file: format, encoding, delimiter (a\n"
     "workbook: the sheet read), header line, layout, and the role given to\n"
     "every column or JSON key (and why), with the columns that are ignored\n"
     "or dropped as personal data.\n",
     ""},
    {"run", "needmap run [OPTIONS] INPUT... -o DIR",
     "Read survey exports and write the planner outputs to DIR: report.html (a\n"
     "page with a map, for planners), needmap.xlsx (every table in one\n"
     "workbook), summary.json, ranking.csv, demand.csv, cohorts.csv,\n"
     "residual.csv, clusters.csv and rejects.csv (see docs/outputs.md and\n"
     "docs/method.md).  DIR is replaced as a whole, atomically: a failed run\n"
     "leaves an earlier DIR as it was.\n",
     "  -o, --output DIR          where to write the results (required)\n"
     "      --min-respondents K   suppress cells backed by fewer than K\n"
     "                            respondents (default 3)\n"
     "      --protection P        a hidden figure must stay uncertain by at least\n"
     "                            max(1 person, P% of it) given every published\n"
     "                            figure (0-100, default 10; docs/method.md)\n"
     "      --publish LEVEL       publication level: municipality (default),\n"
     "                            county (no municipality's figures), ssyk3 (no\n"
     "                            4-digit SSYK group), or county,ssyk3; pooling\n"
     "                            still uses every municipality (docs/outputs.md)\n"
     "      --internal            no suppression, for the analyst's own use;\n"
     "                            every file says so, and names inputs by path\n"
     "      --publish-file-names  name inputs by number and file name (never the\n"
     "                            directory); without it only by number, size\n"
     "                            and SHA-256 (\"input 3\")\n"
     "      --excel               CSV for Swedish Excel: ';', BOM, decimal comma,\n"
     "                            codes as =\"0114\" (needmap.xlsx needs none of it)\n"
     "      --lang LANG           language of report.html and needmap.xlsx: sv\n"
     "                            (default) or en\n"
     "      --max-messages N      print at most N rejected rows (default 20)\n"
     "      --rules FILE          pooling rules (JSON): cohort sizes per level,\n"
     "                            enrolment rates, reach, locations, assumed mode\n"
     "      --scenario FILE       also pool by each named rule set in FILE (JSON)\n"
     "                            and compare them in scenarios.csv\n"
     "      --min-cohort N        smallest cohort for every level (scenarios)\n"
     "      --upskilling-enrolment R  share of staff to upskill who enrol (0.8)\n"
     "      --interest-enrolment R  share of interested residents who enrol (0.5)\n"
     "      --enrolment-rate R    set both rates at once\n"
     "      --viable-probability P  P(enrolled >= min) a cohort needs (0.8)\n"
     "      --pool-nodes N        branch-and-bound nodes per pooling program\n"
     "                            (default 200; deterministic)\n"
     "      --pool-time-limit S   also stop each pooling program after S seconds\n"
     "                            (off by default: results then depend on the\n"
     "                            machine's speed)\n"
     "      --distances FILE      road distances or travel times (CSV from,to,km)\n"
     "                            instead of great-circle kilometres\n"
     "      --placements FILE     placements (LIA/VFU) per municipality and SSYK\n"
     "                            group or field (CSV municipality,ssyk,places):\n"
     "                            a cohort needs them within reach of its hub\n"
     "      --pool-by WHAT        pool per 'competence' (default) or per 'cluster'\n"
     "      --clusters K          number of competence clusters (default: the most\n"
     "                            stable number, or none when no grouping is clear)\n"
     "      --cluster-kmax N      largest number of clusters tried (default 8)\n"
     "      --cluster-resamples N bootstrap resamples of respondents for cluster\n"
     "                            stability (default 50; 0: k by the eigengap)\n"
     "      --taxonomy-weight W   weight of SSYK proximity in the affinity (0-1, 0.3)\n"
     "      --respondent-weight R weight of shared respondents vs demand profile\n"
     "                            (0-1, default 0.5)\n"
     "      --frame FILE          sampling frame (CSV municipality,kind,asked[,employees]):\n"
     "                            response rates and weighted demand with standard\n"
     "                            errors and 95% intervals (default: unweighted)\n"
     "      --bootstrap N         bootstrap replicates over respondents behind the\n"
     "                            95% intervals of ranked demand and ranks\n"
     "                            (default 200; 0: no intervals)\n"
     "      --seed S              seed of the k-means restarts, the cluster\n"
     "                            resamples and the bootstrap (default 1)\n"},
    {"audit", "needmap audit [OPTIONS] DIR",
     "Prove that no hidden figure of the results folder DIR (written by needmap\n"
     "run) can be worked out from its published figures, combined across every\n"
     "file: for each hidden figure, the smallest and largest value consistent\n"
     "with every published figure (linear programs, from DIR/disclosure.csv).\n"
     "It passes when each interval is at least max(1, P% of its low end) wide\n"
     "(docs/method.md); exit 6 when one is narrower.\n",
     "      --protection P        protection in percent (default: the run's, 10)\n"
     "  -h, --help                show this help\n"},
    {"help", "needmap help [COMMAND]", "Show help for needmap or one command.\n", ""},
};

static const char overview[] =
    "needmap - pool competence-needs surveys into ranked demand\n"
    "\n"
    "Usage: needmap COMMAND [OPTIONS] INPUT...\n"
    "\n"
    "Commands:\n"
    "  validate   read exports, account for every row, list problems\n"
    "  inspect    show how each file and column was understood\n"
    "  run        write demand, rankings, cohorts, clusters and rejects to a\n"
    "             directory\n"
    "  audit      prove a results folder's hidden figures cannot be worked out\n"
    "  help       show help for a command\n"
    "\n"
    "INPUT is a file (.csv, .tsv, .txt, .json, .xlsx), a directory (read\n"
    "recursively) or - for standard input.  'needmap COMMAND --help' tells more.\n"
    "  --version  print the version\n"
    "\n";

void nm_cli_print_help(const char *command, FILE *out)
{
    if (command) {
        for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
            const help_entry *e = &entries[i];
            if (strcmp(e->name, command) != 0)
                continue;
            fprintf(out, "Usage: %s\n\n%s\nOptions:\n%s", e->usage, e->text, e->options);
            if (strcmp(command, "help") != 0 && strcmp(command, "audit") != 0)
                fputs(ingest_options, out);
            fprintf(out, "\n%s", exit_codes);
            return;
        }
    }
    fputs(overview, out);
    fputs(exit_codes, out);
}

int nm_cmd_help(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0) {
        for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
            if (strcmp(entries[i].name, argv[1]) == 0) {
                nm_cli_print_help(argv[1], stdout);
                return NM_EXIT_OK;
            }
        }
        return nm_cli_usage_error(NULL, "no command '%s'", argv[1]);
    }
    nm_cli_print_help(argc > 1 ? "help" : NULL, stdout);
    return NM_EXIT_OK;
}
