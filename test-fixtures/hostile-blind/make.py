#!/usr/bin/env python3
"""Regenerate every hostile-blind fixture: the inputs, manifest.json and README.md.

Deterministic: no clock, no unseeded randomness, gzip with mtime=0.
Run:  python3 test-fixtures/hostile-blind/make.py
Each file is written as bytes exactly as the generator returns it.
These inputs were written from the input format alone (README, examples, spec),
without reading Dossier's source code.
"""
import gzip
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_FILE = 3_000_000 - 1          # every file stays under 3 MB
MAX_TOTAL = 40_000_000 - 200_000  # the folder stays under 40 MB (room for make.py etc.)

FIXTURES = []  # (file, format, expect, targets, generator)


def fixture(file, fmt, expect, targets):
    assert fmt in ("text", "markdown", "html", "bytes"), fmt
    assert expect in ("accept", "refuse", "either"), expect

    def deco(fn):
        FIXTURES.append((file, fmt, expect, targets, fn))
        return fn
    return deco


# ---------------------------------------------------------------------------
# Base profile material (written for these fixtures; not copied from the seed)
# ---------------------------------------------------------------------------

PROFILE_SENTENCES = [
    "Kazakhstan does not border Afghanistan, yet officials in Astana follow events in Kabul closely.",
    "Since the Taliban takeover in August 2021, Astana has preferred cautious, practical engagement.",
    "In October 2021 a Kazakh delegation travelled to Kabul to discuss trade and humanitarian aid.",
    "Kazakhstan remains one of the largest suppliers of wheat and flour to the Afghan market.",
    "Astana also backs the trans-Afghan railway and the TAPI pipeline as routes to the south.",
]

INTERESTS = [
    ("Regional Security",
     "Kazakhstan worries that instability in Afghanistan could spread north through Central Asia. "
     "Officials in Astana cite drug trafficking and militant recruitment as the main risks. "
     "They coordinate with Uzbekistan and Tajikistan on border monitoring."),
    ("Trade and Transit",
     "Kazakh exporters ship grain to Afghanistan by rail through Uzbekistan. "
     "Astana hopes that a railway across Afghanistan would open a route to the ports of Pakistan. "
     "A trade mission visited Kabul in 2022 to discuss a logistics hub in Termez."),
    ("Humanitarian Assistance",
     "Kazakhstan sent food and medicine to Afghanistan in the winter of 2021. "
     "The government presents this aid as support for the Afghan people rather than for the authorities."),
]

NORMAL_TEXT = " ".join(PROFILE_SENTENCES)


def text_profile(title="Kazakhstan", paras=None, interests=None, nl="\n",
                 profile_heading="Profile", interests_heading="Key Interests & Priorities",
                 rank_fmt="{n}. {t}"):
    """Plain-text profile in the seed's layout."""
    if paras is None:
        paras = [NORMAL_TEXT]
    if interests is None:
        interests = INTERESTS
    lines = [title, "", profile_heading]
    lines.extend(paras)
    lines.append(interests_heading)
    for i, (t, b) in enumerate(interests, 1):
        lines.append(rank_fmt.format(n=i, t=t))
        lines.append(b)
    return nl.join(lines) + nl


def md_profile(title="Kazakhstan", paras=None, interests=None, front=None,
               country="KAZ", extra_body=""):
    if paras is None:
        paras = [NORMAL_TEXT]
    if interests is None:
        interests = INTERESTS
    out = []
    if front is None:
        front = f"actor: {title}\ncountry: {country}\nas_of: 2024-06-30\nfocus: AFG\n"
    if front is not False:
        out.append("---\n" + front + ("" if front.endswith("\n") else "\n") + "---\n")
    out.append(f"# {title}\n\n## Profile\n\n")
    out.append("\n\n".join(paras))
    out.append("\n\n## Key Interests & Priorities\n\n")
    for i, (t, b) in enumerate(interests, 1):
        out.append(f"### {i}. {t}\n\n{b}\n\n")
    out.append(extra_body)
    return "".join(out)


def esc_html(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_profile(title="Kazakhstan", paras_html=None, interests=None, head_extra="",
                 before_main="", after_main="", wrap=("", ""), raw_title=None):
    if paras_html is None:
        paras_html = ["<p>" + esc_html(NORMAL_TEXT) + "</p>"]
    if interests is None:
        interests = INTERESTS
    h1 = raw_title if raw_title is not None else esc_html(title)
    items = "".join(
        f"<li><h3>{esc_html(t)}</h3><p>{esc_html(b)}</p></li>\n" for t, b in interests)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{esc_html(title)} and Afghanistan</title>{head_extra}</head>\n<body>\n"
        "<nav><a href=\"/\">Home</a> <a href=\"/profiles\">Profiles</a></nav>\n"
        f"{before_main}<main>{wrap[0]}\n<h1>{h1}</h1>\n<h2>Profile</h2>\n"
        + "\n".join(paras_html)
        + "\n<h2>Key Interests &amp; Priorities</h2>\n<ol>\n" + items + "</ol>\n"
        f"{wrap[1]}</main>{after_main}\n<footer>Footer text</footer>\n</body></html>\n"
    )


def cycle_join(tokens, size, sep=" "):
    """Join tokens cyclically with sep until the result reaches about `size` characters."""
    out = []
    n = 0
    i = 0
    while n < size:
        t = tokens[i % len(tokens)]
        out.append(t)
        n += len(t) + len(sep)
        i += 1
    return sep.join(out)


def in_sentence(payload, lead="Officials in Astana listed ", tail=" in their latest statement."):
    return lead + payload + tail


def para_with(payload, **kw):
    """A Profile paragraph: a normal sentence, the payload sentence, a normal sentence."""
    return PROFILE_SENTENCES[0] + " " + in_sentence(payload, **kw) + " " + PROFILE_SENTENCES[1]


# ---------------------------------------------------------------------------
# 1. Sentence splitting (quadratic look-back / look-ahead)
# ---------------------------------------------------------------------------

ABBREVS = ("U.S. U.N. e.g. i.e. Mr. Dr. Gen. Lt. Col. St. etc. vs. No. Jan. Feb. approx. "
           "Gov. Prof. Inc. Ltd. Co. Jr. Sr. a.m. p.m. cf. al. Rep. Sen. Amb. Mt. Ft. "
           "U.K. E.U. S.C.O. Min. Dept. Fig. Vol. pp. ca. Nos.").split()


@fixture("split-abbreviations.txt", "text", "either",
         "sentence splitter: ~500 KB of abbreviations (U.S., e.g., Gen., a.m. ...) each followed by a "
         "capitalised token, so every period is an ambiguous boundary; look-back or re-scan per candidate "
         "boundary goes quadratic")
def _():
    return text_profile(paras=[para_with(cycle_join(ABBREVS, 500_000))])


@fixture("split-decimals-versions.txt", "text", "either",
         "sentence splitter / number regex: a 200 KB dotted digit chain 1.2.3.4..., 3.14 repeated, "
         "version strings v1.2.3, leading-dot decimals .5, European 1.000,5; each dot is a decimal-vs-"
         "boundary decision")
def _():
    chain = ".".join(str(i % 10) for i in range(100_000))
    parts = [
        chain,
        cycle_join(["3.14", "2.5-3.5", "0.75", "v1.2.3", ".5", "1.000,5", "12.", "99.9%", "4.5.6."], 200_000),
        "1" + "." * 50_000 + "5",
    ]
    return text_profile(paras=[para_with(" ".join(parts))])


@fixture("split-initials-nospace.txt", "text", "either",
         "sentence splitter / initials and acronym regex: 400 KB chain A.B.C.D.... with no spaces, "
         "then a lowercase a.b.c. chain; a /([A-Z]\\.)+/ style rule or per-dot look-back is quadratic")
def _():
    up = "".join(chr(65 + (i % 26)) + "." for i in range(200_000))
    low = "".join(chr(97 + (i % 26)) + "." for i in range(50_000))
    return text_profile(paras=[para_with(up + " " + low)])


@fixture("split-ellipses.txt", "text", "either",
         "sentence splitter: 200,000 consecutive dots, 60,000 U+2026 ellipses, 30,000 '. ' pairs and "
         "'?..' runs; ellipsis-vs-terminator handling and empty-sentence generation")
def _():
    payload = ("Kabul" + "." * 200_000 + " Astana" + "\u2026" * 60_000 + " and "
               + ". " * 30_000 + "then" + "?.." * 20_000 + " end")
    return text_profile(paras=[para_with(payload)])


@fixture("split-quotes.txt", "text", "either",
         "sentence splitter: closing quotes glued to the next sentence (Afghanistan.\"Kazakhstan) 4,000 "
         "times with mixed straight/curly/guillemet quotes, then 50,000 unmatched opening quotes; quote "
         "pairing that scans for the partner quote is quadratic")
def _():
    unit = ("Afghanistan.\"Kazakhstan said so.\u201dAstana\u2019s \u201cview\u201d.\u00bb\u00abKabul\u00bb."
            "'Tashkent.'\u201eBishkek.\u201c ")
    glued = unit * 4_000
    openers = "".join(["\"", "\u201c", "\u00ab", "\u201e", "\u2018", "'", "\u300c"][i % 7] + "x"
                      for i in range(50_000))
    return text_profile(paras=[para_with(glued + openers)])


@fixture("split-brackets.txt", "text", "either",
         "sentence splitter / bracket tracking (no '['): 70,000 mixed openers ( { \u00ab \u2039 \u300c "
         "\uff08 \u3010 nested, text with periods at the bottom, matching closers, then 50,000 stray "
         "closers; a recursive or stack-rescanning bracket matcher overflows or goes quadratic")
def _():
    opens = "({\u00ab\u2039\u300c\uff08\u3010"
    closes = ")}\u00bb\u203a\u300d\uff09\u3011"
    n = 70_000
    o = "".join(opens[i % len(opens)] for i in range(n))
    c = "".join(closes[i % len(closes)] for i in reversed(range(n)))
    stray = "".join(closes[i % len(closes)] + " " for i in range(50_000))
    return text_profile(paras=[para_with(o + "Kabul. Astana. Tashkent." + c + " " + stray)])


@fixture("split-terminators.txt", "text", "either",
         "sentence splitter: ~450 KB of ?!, !?, U+203D, U+2047, U+2048, ideographic full stop, fullwidth "
         "!? and '!).' clusters, each followed by a lowercase word so no split is certain")
def _():
    toks = ["kabul?!", "and", "astana\u203d", "or", "tashkent\u2047", "then", "bishkek\u2048", "so",
            "herat\u3002", "yet", "termez\uff01", "but", "kunduz\uff1f", "now", "balkh!).", "and",
            "mazar?\"", "or", "ghazni!!!", "then", "khost?!?!"]
    return text_profile(paras=[para_with(cycle_join(toks, 450_000))])


@fixture("split-urls-emails.txt", "text", "either",
         "sentence splitter / URL and e-mail regex: a 180 KB dotted host name www.a.b.c..., 'https://' "
         "repeated, ~10,000 dotted e-mail addresses and 30,000 'a@' fragments")
def _():
    host = "www." + ".".join(chr(97 + i % 26) * (1 + i % 3) for i in range(60_000)) + ".kz"
    schemes = "https://" * 10_000 + "x"
    emails = cycle_join(["first.last@mfa.gov.kz", "a.b.c@d.e.f.g", "info@kabul.gov.af."], 200_000)
    ats = "a@" * 30_000 + "."
    return text_profile(paras=[para_with(" ".join([host, schemes, emails, ats]))])


# ---------------------------------------------------------------------------
# 2. Regex backtracking (near-misses that almost match)
# ---------------------------------------------------------------------------

@fixture("regex-date-near-miss.txt", "text", "either",
         "date regexes: 20,000 '2021-08-' without a day, 30,000 bare '15' before a misspelt month, "
         "25,000 'mid-' prefixes before 'Octobre', 'late early mid' qualifier chains, '2021/' chains, "
         "\"1990s'\" forms; each near-miss invites catastrophic backtracking")
def _():
    parts = [
        "2021-08-" * 20_000 + "x",
        "15 " * 30_000 + "Augus",
        "mid-" * 25_000 + "Octobre 20",
        cycle_join(["late", "early", "mid", "the", "of"], 80_000) + " 2021s",
        "2021/" * 15_000 + "13/45",
        "1990s'" * 10_000,
    ]
    return text_profile(paras=[para_with(" ".join(parts))])


@fixture("regex-numbers-grouping.txt", "text", "either",
         "number regexes: a 160 KB '1,000,000,...' group chain ending in 'x', a space-grouped chain, a "
         "dot-grouped chain ending ',5x', 50,000 zeros, a 50,000-digit integer with a 1000-digit exponent, "
         "Indian grouping 12,34,56; (\\d{1,3}(,\\d{3})*)+ style patterns backtrack")
def _():
    parts = [
        "1" + ",000" * 40_000 + "x",
        "1" + " 000" * 30_000 + "x",
        "1" + ".000" * 25_000 + ",5x",
        "0" * 50_000,
        "-" + "1" * 50_000 + "e" + "9" * 1000,
        "1" + ",23" * 20_000 + "x",
    ]
    return text_profile(paras=[para_with(" ".join(parts))])


@fixture("regex-currency-units.txt", "text", "either",
         "quantity/currency regexes: 30,000 lone '$', 'US$' chains, '$3' repeated before 'bil', '3 bill', "
         "'km km km', 'tons of tons of', 'per cent per cent', runs of \u20ac\u00a3\u00a5\u20b8\u20bd; "
         "optional-number-optional-scale-optional-unit patterns backtrack on each near-miss")
def _():
    parts = [
        "$ " * 30_000,
        "US$" * 15_000 + "x",
        "$3 " * 25_000 + "bil",
        cycle_join(["3", "bill", "3,5", "mln", "bn"], 50_000),
        "km " * 20_000 + "\u00b2",
        "tons of " * 10_000,
        "per cent " * 8_000 + "%",
        "\u20ac\u00a3\u00a5\u20b8\u20bd" * 10_000 + "5",
    ]
    return text_profile(paras=[para_with(" ".join(parts))])


NAME_TOKENS = ("Abdul Ghani Baradar Mullah Mohammad Hasan Akhund Amir Khan Muttaqi Sirajuddin "
               "Haqqani Bakhyt Sultanov Kassym Jomart Tokayev Shavkat Mirziyoyev Wang Yi Zamir "
               "Kabulov").split()


@fixture("regex-capitalised-names.txt", "text", "either",
         "person/organisation name regexes: 400 KB of capitalised words in one run with al-/bin/ibn/Mc/O'/de la "
         "joiners and unclosed '(' before them, ending in a lowercase word and no period; "
         "([A-Z][a-z]+\\s?)+ style patterns backtrack")
def _():
    toks = []
    joins = ["al-", "bin", "ibn", "Mc", "O'", "de la", "(", "van der"]
    for i in range(65_000):
        toks.append(NAME_TOKENS[i % len(NAME_TOKENS)])
        if i % 7 == 3:
            toks.append(joins[(i // 7) % len(joins)])
    return text_profile(paras=[para_with(" ".join(toks), tail=" and others")])


@fixture("regex-apostrophes.txt", "text", "either",
         "possessive/apostrophe handling: Astana's's's... 50,000 times, 50,000 straight apostrophes, "
         "30,000 U+2019, Taliban\u2019s\u2019 chains, rock'n'roll'n' chains, O'O'O'")
def _():
    parts = [
        "Astana" + "'s" * 50_000,
        "'" * 50_000,
        "\u2019" * 30_000,
        "Taliban\u2019s\u2019" * 10_000,
        "rock'n'" * 10_000 + "roll",
        "O'" * 15_000 + "Neill",
    ]
    return text_profile(paras=[para_with(" ".join(parts))])


@fixture("regex-hyphen-chains.txt", "text", "either",
         "hyphenated-name and compound regexes: one 200 KB hyphen-joined token (Taliban-led-trans-Afghan-...), "
         "'a-' x50,000, 8,000 runs of mixed Unicode dashes, '- ' and '--' runs")
def _():
    words = ["Taliban", "led", "trans", "Afghan", "Kazakh", "Uzbek", "Mazar", "i", "Sharif", "e"]
    token = "-".join(words[i % len(words)] for i in range(30_000))
    parts = [
        token,
        "a-" * 50_000 + "z",
        "\u2013\u2014\u2010\u2011\u2012\u2015" * 8_000,
        "- " * 25_000,
        "--" * 25_000 + "x",
    ]
    return text_profile(paras=[para_with(" ".join(parts))])


@fixture("regex-whitespace-runs.txt", "text", "either",
         "whitespace trimming/collapsing regexes: lines of 150,000 spaces followed by a letter (the V8 /\\s+$/ "
         "trap), 70,000 tabs, 60,000 NBSP, ' \\t' alternation, a line with 70,000 trailing spaces")
def _():
    lines = [
        PROFILE_SENTENCES[0],
        "Kabul" + " " * 150_000 + "x",
        "\t" * 70_000 + "y",
        "Astana" + "\u00a0" * 60_000 + "z",
        " \t" * 30_000 + ".",
        "Tashkent." + " " * 70_000,
        PROFILE_SENTENCES[1],
    ]
    return text_profile(paras=lines)


@fixture("extract-acronyms.txt", "text", "either",
         "organisation/acronym extraction: 15,000 distinct 'Capitalised Name Words (ACRONYM)' pairs plus "
         "nested '(ABC (DEF))', '(ABC/DEF)', '(ABC-2)' variants in one paragraph; acronym-to-expansion "
         "matching that scans back over earlier text is quadratic")
def _():
    words = ["Islamic", "Movement", "Central", "Asian", "Regional", "Security", "Council", "Economic",
             "Cooperation", "Organization", "Transit", "Trade", "Agency", "Union", "Front", "Bank"]
    out = []
    for i in range(15_000):
        k = 2 + i % 4
        name = [words[(i * 7 + j * 3) % len(words)] for j in range(k)]
        acro = "".join(w[0] for w in name) + (chr(65 + i % 26) + chr(65 + (i // 26) % 26))
        form = i % 4
        if form == 0:
            out.append(f"the {' '.join(name)} ({acro})")
        elif form == 1:
            out.append(f"{' '.join(name)} ({acro} ({acro[:2]}))")
        elif form == 2:
            out.append(f"{' '.join(name)} ({acro}/{acro[::-1]})")
        else:
            out.append(f"{' '.join(name)} ({acro}-{i % 10})")
    return text_profile(paras=[para_with(", ".join(out))])


# ---------------------------------------------------------------------------
# 3. Deep recursion
# ---------------------------------------------------------------------------

@fixture("deep-emphasis-balanced.md", "markdown", "either",
         "Markdown inline parser recursion: 100,000 nested, correctly closed emphasis openers cycling "
         "* _ ~~ ** __ around a word; a recursive inline tree/renderer overflows the stack")
def _():
    ops = ["*", "_", "~~", "**", "__"]
    n = 100_000
    seq = [ops[i % len(ops)] for i in range(n)]
    payload = "".join(seq) + "Kabul" + "".join(reversed(seq))
    return md_profile(paras=[NORMAL_TEXT, payload, PROFILE_SENTENCES[2]])


@fixture("deep-emphasis-pathological.md", "markdown", "either",
         "Markdown delimiter-run algorithm: the cmark pathological emphasis shapes (not links): '*a **a ' "
         "nested strong/emph, 'a_ ' closers without openers, '_a ' openers without closers, '*a_ ' "
         "mismatched, 'a**b' + 'c* ' multiple-of-3 rule, '~~a ~a' strikethrough mixes")
def _():
    n = 15_000
    paras = [
        NORMAL_TEXT,
        "*a **a " * n + "b" + " a** a*" * n,
        "a_ " * (n * 2),
        "_a " * (n * 2),
        "*a_ " * n,
        "a**b" + "c* " * (n * 2),
        "~~a ~a " * n,
    ]
    return md_profile(paras=paras)


def _html_nest(tags, n, inner):
    opens = []
    closes = []
    for i in range(n):
        t = tags[i % len(tags)]
        opens.append(f"<{t}>")
        closes.append(f"</{t}>")
    return "".join(opens) + inner + "".join(reversed(closes))


@fixture("deep-html-mixed-tags.html", "html", "either",
         "HTML tree depth with varied tag kinds: 25,000 nested div/section/article/span/b/i/em/strong/"
         "blockquote/font/small/u/s/aside/dl/dd/ul/li, properly closed, the profile headings at the bottom; "
         "recursive DOM walks / text extraction / main-content scoring overflow")
def _():
    tags = ["div", "section", "article", "span", "b", "i", "em", "strong", "blockquote", "font",
            "small", "u", "s", "aside", "dl", "dd", "ul", "li"]
    inner = ("<h1>Kazakhstan</h1><h2>Profile</h2><p>" + esc_html(NORMAL_TEXT) + "</p>"
             "<h2>Key Interests &amp; Priorities</h2><ol>"
             + "".join(f"<li><h3>{t}</h3><p>{b}</p></li>" for t, b in INTERESTS) + "</ol>")
    body = _html_nest(tags, 25_000, inner)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Kazakhstan</title></head><body>"
            + body + "</body></html>\n")


@fixture("deep-html-tables.html", "html", "either",
         "HTML table parsing: 15,000 nested <table><tr><td> levels around the profile, then 5,000 "
         "'<table>text<b>' fragments that trigger foster parenting; recursive table walkers overflow")
def _():
    inner = ("<h1>Kazakhstan</h1><h2>Profile</h2><p>" + esc_html(NORMAL_TEXT) + "</p>"
             "<h2>Key Interests &amp; Priorities</h2><ol>"
             + "".join(f"<li><h3>{t}</h3><p>{b}</p></li>" for t, b in INTERESTS) + "</ol>")
    n = 15_000
    body = "<table><tr><td>" * n + inner + "</td></tr></table>" * n
    foster = "<table>Kabul text <b>bold" * 5_000
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Kazakhstan</title></head><body><main>"
            + body + foster + "</main></body></html>\n")


@fixture("deep-html-misnested-formatting.html", "html", "either",
         "HTML5 adoption agency / active-formatting reconstruction: 2,000 distinct open <b class=cN> "
         "elements followed by 2,000 <p> blocks (each reconstructs all open formatting elements: "
         "millions of nodes in a spec parser), then 10,000 misnested <b><i><u></b></i></u> runs")
def _():
    fmt = "".join(f"<b class=\"c{i}\">" for i in range(2_000))
    ps = "<p>Kabul</p>" * 2_000
    misnest = "<b><i><u>Astana</b></i></u><a><p><a>x</p>" * 10_000
    return html_profile(before_main="", after_main="",
                        paras_html=["<p>" + esc_html(NORMAL_TEXT) + "</p>", fmt + ps, misnest])


@fixture("deep-blockquote-list-mix.md", "markdown", "either",
         "Markdown container nesting of alternating kinds (not pure '>' or pure lists): lines of "
         "'> - > 1. > * > + ' 5,000 containers deep, 6 such lines, each container kind switching")
def _():
    unit = "> - > 1. > * > + "
    line = unit * 5_000 + "Kabul"
    body = "\n".join([line] * 6)
    return md_profile(paras=[NORMAL_TEXT, body, PROFILE_SENTENCES[3]])


@fixture("deep-yaml-flow.md", "markdown", "either",
         "YAML front-matter recursion in flow style: 'extra' holds 50,000 nested [ ], 'map' 20,000 nested "
         "{a: }, 'mix' 20,000 alternating [{ ; a recursive-descent YAML parser or metadata serializer "
         "overflows")
def _():
    front = ("actor: Kazakhstan\ncountry: KAZ\nas_of: 2024-06-30\n"
             "extra: " + "[" * 50_000 + "1" + "]" * 50_000 + "\n"
             "map: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n"
             "mix: " + "[{a: " * 20_000 + "1" + "}]" * 20_000 + "\n")
    return md_profile(front=front)


@fixture("deep-yaml-block.md", "markdown", "either",
         "YAML front-matter recursion in block style: a compact nested sequence '- - - - ...' 50,000 deep on "
         "one line, a mapping nested 700 levels by indentation, and 20,000 nested '? ' complex keys")
def _():
    lines = ["actor: Kazakhstan", "country: KAZ", "deep:", "  " + "- " * 50_000 + "x", "indent:"]
    for i in range(1, 700):
        lines.append("  " * i + "a:")
    lines.append("  " * 700 + "a: 1")
    lines.append("keys:")
    lines.append("  " + "? " * 20_000 + "k")
    return md_profile(front="\n".join(lines) + "\n")


@fixture("deep-md-inline-html.md", "markdown", "either",
         "raw HTML inside Markdown: 30,000 nested inline <span> in a paragraph and 10,000 nested <div> "
         "lines as an HTML block; anything that re-parses or sanitizes the embedded HTML as a tree recurses")
def _():
    span = "<span>" * 30_000 + "Kabul" + "</span>" * 30_000
    div = "\n".join(["<div>"] * 10_000) + "\nAstana\n" + "\n".join(["</div>"] * 10_000)
    return md_profile(paras=[NORMAL_TEXT, span, div, PROFILE_SENTENCES[4]])


# ---------------------------------------------------------------------------
# 4. Parser blow-ups
# ---------------------------------------------------------------------------

@fixture("yaml-billion-laughs.md", "markdown", "either",
         "YAML alias expansion: the classic 'billion laughs' (9 levels x 9 aliases = 387 million leaves), "
         "plus a merge-key variant; must not expand aliases into memory or into metadata.extra")
def _():
    lines = ["actor: Kazakhstan", "country: KAZ", "as_of: 2024-06-30",
             "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
    prev = "a"
    for lvl in "bcdefghi":
        lines.append(f"{lvl}: &{lvl} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = lvl
    lines.append("m0: &m0 {k: [*i, *i]}")
    for j in range(1, 20):
        lines.append(f"m{j}: &m{j} {{<<: *m{j-1}, v{j}: [*m{j-1}, *m{j-1}, *i]}}")
    lines.append("extra: *m19")
    return md_profile(front="\n".join(lines) + "\n")


@fixture("yaml-alias-flood.md", "markdown", "either",
         "YAML alias fan-out: one 20 KB anchored string referenced by 50,000 aliases (about 1 GB if "
         "materialised, e.g. when metadata.extra is JSON-serialized or stored)")
def _():
    big = "Kazakhstan " * 1_900
    lines = ["actor: Kazakhstan", "country: KAZ", f"blob: &big \"{big}\"", "copies:"]
    lines.extend(["  - *big"] * 50_000)
    return md_profile(front="\n".join(lines) + "\n")


@fixture("yaml-tags-merge.md", "markdown", "either",
         "YAML tags and merge keys: !!python/object/apply, !!js/function, !!binary, "
         "verbatim !<tag:...>, then 8,000 mappings each merging the previous one (<<: *mN) so naive merge "
         "resolution copies O(n^2) keys")
def _():
    lines = [
        "actor: !!str Kazakhstan",
        "country: !<tag:yaml.org,2002:str> KAZ",
        "as_of: !!timestamp 2024-06-30T25:61:61Z",
        "run: !!python/object/apply:os.system ['echo pwned']",
        "fn: !!js/function 'function(){ return process.exit(1) }'",
        "bin: !!binary " + "QUJD" * 2_000,
        "set: !!set {a, b, c}",
        "omap: !!omap [a: 1, b: 2]",
        "m0: &m0 {k0: 0}",
    ]
    for i in range(1, 8_000):
        lines.append(f"m{i}: &m{i} {{<<: *m{i-1}, k{i}: {i}}}")
    lines.append("extra: *m7999")
    return md_profile(front="\n".join(lines) + "\n")


@fixture("yaml-bad-values.md", "markdown", "either",
         "front-matter validation: actor given as a list then repeated (duplicate key), country "
         "'../../etc/passwd', as_of 99999-99-99, source 'javascript:alert(1)', focus as a number, "
         "an author with a NUL escape and a bidi override, an explicit '? ' key that is 20 KB long, a complex (sequence) key")
def _():
    front = ("actor: [Kazakhstan, Uzbekistan]\n"
             "actor: Kazakhstan\n"
             "country: ../../etc/passwd\n"
             "as_of: 99999-99-99\n"
             "source: \"javascript:alert(1)\"\n"
             "focus: 123\n"
             "author: \"Ada\\0Lovelace\\u202Etxt.exe\"\n"
             "? " + "k" * 20_000 + "\n: v\n"
             "? [complex, key]\n: value\n")
    return md_profile(front=front)


@fixture("yaml-unclosed-frontmatter.md", "markdown", "either",
         "front-matter delimiting: an opening '---' that is never closed, followed by the whole profile and "
         "~500 KB of prose lines; the body becomes YAML ('# ...' lines are YAML comments, prose is multi-line "
         "plain scalars); must not scan for the closer from every line")
def _():
    prose = "\n".join(PROFILE_SENTENCES[i % 5] for i in range(5_500))
    return "---\nactor: Kazakhstan\n" + md_profile(front=False) + prose + "\n"


@fixture("yaml-multidoc.md", "markdown", "either",
         "front matter as a YAML stream: '---' opener followed by 30,000 '--- !tag' / '...' document "
         "markers, then keys and a closing '---'; multi-document handling and delimiter detection")
def _():
    front = "--- !tag\n...\n" * 30_000 + "actor: Kazakhstan\n"
    return "---\n" + front + "---\n" + md_profile(front=False)


@fixture("html-entity-flood.html", "html", "either",
         "HTML character references: ~120,000 entities in one paragraph mixing named, decimal, hex, "
         "legacy no-semicolon (&amp &notin &notit;), unknown names, &#0;, surrogates &#xD800;, "
         "&#x110000;, 30-digit numbers; longest-prefix named-entity matching and offset mapping")
def _():
    ents = ["&amp;", "&#65;", "&#x41;", "&nbsp;", "&amp", "&notin;", "&notit;", "&unknownentity;",
            "&#0;", "&#xD800;", "&#x110000;", "&#999999999999999999999999999999;", "&#x;", "&#;",
            "&Afr;", "&CounterClockwiseContourIntegral;", "&lt", "&#x1F1F0;&#x1F1FF;", "&#128;"]
    payload = cycle_join(ents, 700_000, sep="")
    return html_profile(paras_html=["<p>" + esc_html(NORMAL_TEXT) + "</p>", "<p>Kabul " + payload + " Astana.</p>"])


@fixture("html-entities-to-controls.html", "html", "either",
         "terminal injection through HTML numeric references: the <h1>, <title> and interest <h3>s carry "
         "&#27;]0;pwned&#7; (OSC set-title), &#x1b;[2J (clear screen), &#x1b;[31m, &#155; / &#x9b; (C1 CSI) "
         "and &#8; backspaces; decoded text must never reach a terminal raw")
def _():
    title_raw = "&#27;]0;pwned&#7;Kaza&#x1b;[2Jkhstan&#x1b;[31m&#8;&#8;"
    items = ("<li><h3>Regional&#x1b;]8;;http://evil.example/&#x1b;\\ Security&#x1b;]8;;&#x1b;\\</h3>"
             "<p>Kazakhstan worries about instability.&#155;2J</p></li>\n"
             "<li><h3>&#x9b;31mTrade and Transit&#x1b;[0m</h3><p>Kazakh grain moves by rail.&#7;</p></li>\n")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>&#27;]0;owned&#7;Kazakhstan</title></head>\n"
            "<body><main><h1>" + title_raw + "</h1>\n<h2>Profile</h2>\n<p>" + esc_html(NORMAL_TEXT)
            + "&#x1b;[2J&#x1b;[3J&#x1b;c</p>\n<h2>Key Interests &amp; Priorities</h2>\n<ol>\n" + items
            + "</ol></main></body></html>\n")


@fixture("html-comments-cdata.html", "html", "either",
         "HTML comment/bogus-comment states: ~30,000 comment-like constructs: '<!-- a -- b --!>' comments, CDATA sections in HTML "
         "(bogus comments), '<?php ?>' processing instructions, stray <!DOCTYPE> in body, conditional "
         "comments, nested '<!-- <!--', and a final unclosed '<!--' after the profile")
def _():
    junk = cycle_join(["<!-- a -- b --!>", "<![CDATA[ x ]]>", "<?php echo 1; ?>", "<!DOCTYPE html>",
                      "<!--[if IE]><p>ie</p><![endif]-->", "<!-- <!-- nested -->", "<!--->", "<!---->",
                      "<!>", "</>"], 500_000, sep="\n")
    return html_profile(paras_html=["<p>" + esc_html(NORMAL_TEXT) + "</p>", junk],
                        after_main="<!-- unclosed comment that swallows the rest " + "x" * 1000)


@fixture("html-malformed-tags.html", "html", "either",
         "HTML tokenizer error paths: ~500 KB of '<<<<', '< a', '</ >', '<a/b/c/d', '<a =x', '<a\\tb\\nc', "
         "'</a b=c>', '<a href=' with an unclosed quote near the end, '<\\u0000a>', '<3', '</3>'")
def _():
    junk = cycle_join(["<<<<", "< a", "</ >", "<a/b/c/d", "<a =x", "<a\tb\nc", "</a b=c>", "<\u0000a>",
                      "<3", "</3>", "<p<p<p", "<a b c d e f>", "</>", "<!", "<a'b\"c>"], 500_000)
    return html_profile(paras_html=["<p>" + esc_html(NORMAL_TEXT) + "</p>", "<p>" + junk + "</p>",
                                    "<p><a href='http://unclosed.example/ Kabul Astana</p>"])


@fixture("html-attribute-flood.html", "html", "either",
         "HTML attribute parsing: a <p> with 30,000 distinct attributes, an <h1> with 20,000 duplicate "
         "class attributes and unquoted values containing '=', a <div> with one 150 KB attribute value; "
         "attribute dedup by linear search is quadratic")
def _():
    many = " ".join(f"a{i}=\"v{i}\"" for i in range(30_000))
    dup = " ".join("class=x=y" for _ in range(20_000))
    big = "<div data-x=\"" + "K" * 150_000 + "\">Kabul</div>"
    return html_profile(raw_title="Kazakhstan",
                        paras_html=[f"<p {many}>" + esc_html(NORMAL_TEXT) + "</p>", big],
                        before_main=f"<h1 {dup}>Kazakhstan</h1>")


@fixture("html-rawtext-unclosed.html", "html", "either",
         "raw-text elements: a <script> with '</scr'+'ipt>' tricks and the <!--<script> double-escaped "
         "state, a 200 KB <title>, <textarea> and <xmp> blocks, <noscript>, and a final <style> that is "
         "never closed; '</script' near-misses make naive end-tag searches quadratic")
def _():
    script = ("<script>var s = \"</scr\" + \"ipt>\"; /* " + "</scrip " * 20_000 + "*/ "
              "<!--<script> document.write('</script>') --> still script </script>")
    title = "<title>" + "Kazakhstan " * 18_000 + "</title>"
    textarea = "<textarea><h1>Not a heading</h1>" + "</textare " * 5_000 + "</textarea>"
    xmp = "<xmp><h2>Profile</h2></xmp><noscript><h2>Profile</h2></noscript>"
    style = "<style>body{} " + "</styl " * 10_000
    return html_profile(head_extra=title + script, paras_html=[
        "<p>" + esc_html(NORMAL_TEXT) + "</p>", textarea, xmp], after_main=style)


@fixture("html-main-detection.html", "html", "either",
         "main-content extraction: 3,000 nested <div>s each with its own <p>, <nav> and link list "
         "(text-density scoring over all descendants is O(n*depth)), plus 10,000 sibling <main>/<article> "
         "elements; the profile sits in one of the middle <article>s")
def _():
    nest = "".join(f"<div class=\"c{i}\"><nav><a href=\"/{i}\">link {i}</a></nav><p>Filler {i}.</p>"
                   for i in range(3_000)) + "</div>" * 3_000
    sib = "".join(f"<main><article><p>Teaser {i}</p></article></main>" for i in range(5_000))
    prof = html_profile()
    start = prof.index("<main>")
    end = prof.index("</main>") + len("</main>")
    return prof[:start] + nest + sib + prof[start:end] + sib + prof[end:]


@fixture("html-flat-interest-list.html", "html", "either",
         "HTML size: one flat <ol> of 10,000 <li><h3>/<p> interests (not nested); per-interest work that "
         "rescans the list, rank assignment, and theme classification at scale")
def _():
    interests = [(f"Interest number {i}", f"Astana cares about item {i} in Kabul.") for i in range(10_000)]
    return html_profile(interests=interests)


@fixture("html-charset-lies.html", "html", "either",
         "HTML encoding sniffing: UTF-8 bytes (T\u00fcrkiye, \u049a\u0430\u0437\u0430\u049b\u0441\u0442\u0430\u043d) "
         "declared as <meta charset=utf-16>, then x-unknown-charset, then an http-equiv windows-1251; "
         "the spec maps a utf-16 meta to utf-8, a naive decoder produces garbage")
def _():
    head = ("<meta charset=\"utf-16\"><meta charset=\"x-unknown-charset\">"
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">")
    paras = ["<p>" + esc_html(NORMAL_TEXT) + " T\u00fcrkiye and \u049a\u0430\u0437\u0430\u049b\u0441\u0442\u0430\u043d "
             "also appear.</p>"]
    s = html_profile(paras_html=paras, head_extra=head)
    return s.replace("<meta charset=\"utf-8\">", "")


# ---------------------------------------------------------------------------
# 5. Markdown-specific parser stress
# ---------------------------------------------------------------------------

@fixture("md-backtick-runs.md", "markdown", "either",
         "Markdown code spans: backtick runs of every length 1..1000 with no matching closer ('e`', 'e``', ...), "
         "then an unclosed ``` fence after the interests; naive closer search is quadratic")
def _():
    runs = "".join("e" + "`" * i for i in range(1, 1_000))
    return md_profile(paras=[NORMAL_TEXT, runs], extra_body="```kazakh\n" + "# Not a heading\n" * 1000)


@fixture("md-autolinks.md", "markdown", "either",
         "GFM autolink literals and autolinks: 'www.' x30,000, 'http://' x15,000, 'a@a@a' chains, "
         "'www.a_b_c_' underscores, '<http://' unclosed x10,000, trailing-punctuation trimming ')))...'")
def _():
    parts = [
        "www." * 30_000,
        "http://" * 15_000,
        "a@" * 30_000 + "a",
        "www.a_b_c_" * 10_000,
        "<http://" * 10_000,
        "www.kabul.af" + ")" * 25_000,
    ]
    return md_profile(paras=[NORMAL_TEXT] + parts)


@fixture("md-wide-table.md", "markdown", "either",
         "GFM table width: a table with 25,000 columns (header, delimiter row, 8 body rows with "
         "ragged cell counts) inside the Profile section; per-cell alignment/padding work is O(cols*rows), "
         "naive row splitting with regex is worse")
def _():
    cols = 25_000
    header = "|" + "|".join("h" for _ in range(cols)) + "|"
    delim = "|" + "|".join(":-:" if i % 3 == 0 else "-" for i in range(cols)) + "|"
    rows = ["|" + "|".join("Kabul" if j % 1000 == 0 else "x" for j in range(cols - r * 1000)) + "|"
            for r in range(8)]
    return md_profile(paras=[NORMAL_TEXT, "\n".join([header, delim] + rows)])


@fixture("md-setext-thematic.md", "markdown", "either",
         "Markdown heading/thematic-break ambiguity: 'Profile' followed by 100,000 '=', 50,000 '- - -', "
         "a line of 100,000 '#', a 200,000-char '---' line, alternating text/'---'/'***'/'___' lines "
         "(setext vs front matter vs thematic break)")
def _():
    lines = [NORMAL_TEXT, "Profile", "=" * 100_000, "- " * 50_000, "#" * 100_000 + " Kabul",
             "-" * 200_000]
    for i in range(20_000):
        lines.append(["Astana", "---", "***", "___", "Kabul", "==="][i % 6])
    return md_profile(paras=["\n".join(lines)])


@fixture("md-entities-headings.md", "markdown", "either",
         "Markdown character references in headings: '# Kaza&shy;khstan&#x1b;]0;pwned&#7;', "
         "'## Pro&#102;ile', '## Key Interests &amp; Priorities', interest headings with &#x202E; and "
         "&#x1b;[2J; decoded control characters must not reach a terminal")
def _():
    return ("---\nactor: Kazakhstan\ncountry: KAZ\n---\n"
            "# Kaza&shy;khstan&#x1b;]0;pwned&#7;\n\n## Pro&#102;ile\n\n" + NORMAL_TEXT + "&#x1b;[2J\n\n"
            "## Key Interests &amp; Priorities\n\n"
            "### 1. Regional &#x202E;ytiruceS&#x202C;\n\n" + INTERESTS[0][1] + "\n\n"
            "### 2. &#x1b;[2J&#x1b;[HTrade and Transit&#155;0m\n\n" + INTERESTS[1][1] + "\n\n"
            "### 3. &#0;Humanitarian&#xD800; Assistance\n\n" + INTERESTS[2][1] + "\n")


@fixture("md-unclosed-html-blocks.md", "markdown", "either",
         "Markdown HTML blocks of kinds 1-5 left open: '<script>' (kind 1), '<!--' (2), '<?' (3), '<!X' (4), "
         "'<![CDATA[' (5) each opened between sections and never closed, 2,000 times each in the Profile")
def _():
    openers = ["<script>", "<!--", "<?php", "<!DOCTYPE x", "<![CDATA["]
    body = "\n\n".join(openers[i % 5] + " Kabul " + str(i) for i in range(10_000))
    return md_profile(paras=[NORMAL_TEXT, body])


@fixture("md-backslash-breaks.md", "markdown", "either",
         "Markdown escapes and hard breaks: 60,000 lines ending in two spaces or a backslash (hard breaks), "
         "then a run of 100,001 backslashes (odd parity) before '*Kabul*'; escape-parity scanning backwards "
         "from each special character is quadratic")
def _():
    lines = "".join(("Kabul  \n" if i % 2 else "Astana\\\n") for i in range(60_000))
    bs = "\\" * 100_001 + "*Kabul*"
    return md_profile(paras=[NORMAL_TEXT, lines.rstrip("\n"), bs])


# ---------------------------------------------------------------------------
# 6. Encodings and bytes
# ---------------------------------------------------------------------------

@fixture("enc-utf16le-bom.txt", "text", "accept",
         "decoding: a normal plain-text profile in UTF-16LE with BOM (documented as accepted); offsets must be "
         "into the decoded text")
def _():
    return b"\xff\xfe" + text_profile().encode("utf-16-le")


@fixture("enc-utf16be-nobom.txt", "text", "either",
         "decoding: a normal plain-text profile in UTF-16BE without BOM (every other byte NUL); must be "
         "detected as UTF-16 or refused as binary, not read as text with NULs")
def _():
    return text_profile().encode("utf-16-be")


@fixture("enc-utf16-unpaired-odd.bin", "bytes", "either",
         "UTF-16 error handling: UTF-16LE BOM, profile with lone high surrogates, lone low surrogates, "
         "reversed pairs (low then high) in the title and body, and an odd total byte count")
def _():
    def u16(s):
        return s.encode("utf-16-le")
    hi = b"\x00\xd8"
    lo = b"\x00\xdc"
    data = (b"\xff\xfe" + u16("Kaza") + hi + u16("khstan") + lo + u16("\n\nProfile\n") + u16(NORMAL_TEXT)
            + lo + hi + u16(" Kabul.") + hi + hi + u16("\nKey Interests & Priorities\n1. Regional Security\n")
            + u16(INTERESTS[0][1]) + hi + u16("\n") + b"\x41")
    return data


@fixture("enc-utf32le-bom.bin", "bytes", "either",
         "BOM confusion: UTF-32LE with BOM FF FE 00 00, which starts like a UTF-16LE BOM followed by a NUL "
         "character; decoding it as UTF-16 yields NUL-interleaved text")
def _():
    return b"\xff\xfe\x00\x00" + text_profile().encode("utf-32-le")


@fixture("enc-invalid-utf8.bin", "bytes", "either",
         "UTF-8 validation: an otherwise normal profile with FF, FE, C0, C1, F5-FF bytes, stray "
         "continuation bytes 80-BF and multi-byte sequences truncated at line ends, including in the title "
         "and headings; must decode with replacement/legacy fallback or refuse with a position")
def _():
    t = text_profile().encode("utf-8")
    bad = [b"\xff", b"\xfe", b"\xc0", b"\xc1", b"\xf5\x80", b"\xf8", b"\x80\x80", b"\xbf", b"\xe2\x82", b"\xf0\x9f\x98"]
    out = bytearray()
    for i, line in enumerate(t.split(b"\n")):
        out += line[:3] + bad[i % len(bad)] + line[3:] + bad[(i + 3) % len(bad)] + b"\n"
    return bytes(out)


@fixture("enc-overlong-cesu8.bin", "bytes", "either",
         "UTF-8 security edge cases: overlong '.', '/', '<' and newline (C0 AE, E0 80 AE, F0 80 80 AE, C0 AF, "
         "C0 BC, C0 8A), CESU-8 surrogate-pair emoji, lone surrogates ED A0 80 / ED BF BF, noncharacters "
         "EF BF BE, 5- and 6-byte forms; overlongs must not become sentence ends, slashes, tags or line breaks")
def _():
    dot_overlongs = [b"\xc0\xae", b"\xe0\x80\xae", b"\xf0\x80\x80\xae"]
    s = bytearray(b"Kazakhstan\xc0\x8a\n\nProfile\n")
    for i, sent in enumerate(PROFILE_SENTENCES):
        body = sent.encode("utf-8")[:-1]
        s += body + dot_overlongs[i % 3] + b" "
    s += (b"See http:\xc0\xaf\xc0\xafkabul \xc0\xbcscript\xc0\xbe. CESU emoji \xed\xa0\xbd\xed\xb8\x80, lone "
          b"\xed\xa0\x80 and \xed\xbf\xbf, nonchar \xef\xbf\xbe\xef\xbf\xbf, five \xf8\x88\x80\x80\x80 six "
          b"\xfc\x84\x80\x80\x80\x80.\n")
    s += b"Key Interests & Priorities\n1\xc0\xae Regional Security\n" + INTERESTS[0][1].encode() + b"\n"
    s += b"2. Trade\xc0\x8aand Transit\n" + INTERESTS[1][1].encode() + b"\n"
    return bytes(s)


@fixture("enc-line-endings-mixed.txt", "text", "either",
         "line splitting and line:column: a profile whose lines end in CR, CRLF, LF, CR CR LF, LF CR, NEL "
         "(U+0085), LS (U+2028), PS (U+2029), VT and FF in rotation; headings must still be found and "
         "positions reported consistently")
def _():
    t = text_profile(paras=PROFILE_SENTENCES)
    lines = t.split("\n")
    ends = ["\r", "\r\n", "\n", "\r\r\n", "\n\r", "\u0085", "\u2028", "\u2029", "\x0b", "\x0c"]
    return "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))


@fixture("enc-lone-cr.txt", "text", "either",
         "classic-Mac line ends: a profile with lone CR line endings only, and 500,000 consecutive CRs "
         "between the Profile and the interests (line counting, blank-line collapsing, CRLF lookahead)")
def _():
    t = text_profile()
    t = t.replace("Key Interests", "\r" * 500_000 + "Key Interests")
    return t.replace("\n", "\r")


@fixture("enc-nul-sprinkled.bin", "bytes", "either",
         "NUL handling: a normal profile with NUL bytes inside the title, after every heading and every 50 "
         "characters of the body (but not in UTF-16 alternation); C-string truncation, SQLite text, and "
         "binary detection")
def _():
    t = text_profile()
    t = t.replace("Kazakhstan\n", "Kaza\x00khstan\x00\n", 1).replace("Profile\n", "Profile\x00\n")
    out = []
    for i in range(0, len(t), 50):
        out.append(t[i:i + 50])
    return "\x00".join(out).encode("utf-8")


@fixture("enc-all-nul.bin", "bytes", "refuse",
         "binary detection: 500,000 NUL bytes (also an even-length all-zero 'UTF-16' candidate)")
def _():
    return b"\x00" * 500_000


@fixture("enc-random-binary.bin", "bytes", "refuse",
         "binary detection and legacy-encoding sniffing: 500 KB of seeded pseudo-random bytes (a charset "
         "detector fed this must not hang and the result must be refused)")
def _():
    r = random.Random(20241127)
    return bytes(r.getrandbits(8) for _ in range(500_000))


@fixture("enc-gzip-profile.bin", "bytes", "refuse",
         "compressed input: a gzip of a 1 MB profile (mtime 0); must be refused as binary, never "
         "decompressed blindly")
def _():
    return gzip.compress(text_profile(paras=[NORMAL_TEXT] * 2_300).encode(), mtime=0)


@fixture("enc-empty.txt", "text", "refuse", "empty input: a zero-byte file")
def _():
    return b""


@fixture("enc-whitespace-only.txt", "text", "refuse",
         "effectively empty input: spaces, tabs, CR/LF, NBSP, ideographic space, ZWSP and BOM characters only")
def _():
    return (" \t\r\n\u00a0\u3000\u200b\ufeff\n" * 1000).encode("utf-8")


@fixture("enc-bom-only.txt", "text", "refuse", "empty input after a UTF-8 BOM: the file is EF BB BF only")
def _():
    return b"\xef\xbb\xbf"


@fixture("enc-repeated-bom.txt", "text", "either",
         "BOM handling: 10,000 UTF-8 BOMs before the title, a U+FEFF inside the actor name and before each "
         "heading; only one leading BOM is a BOM, the rest are ZWNBSP characters in the text")
def _():
    t = text_profile(title="Kaza\ufeffkhstan")
    t = t.replace("Profile\n", "\ufeffProfile\n").replace("Key Interests", "\ufeffKey Interests")
    return ("\ufeff" * 10_000 + t).encode("utf-8")


@fixture("enc-cp1251-mixed.bin", "bytes", "either",
         "legacy-encoding detection: a Russian-language profile in Windows-1251 with the undefined byte 0x98, "
         "a few UTF-8 sequences mixed in, and a KOI8-R encoded line; chardet/iconv fallback paths")
def _():
    ru = ("\u041a\u0430\u0437\u0430\u0445\u0441\u0442\u0430\u043d\n\nProfile\n"
          "\u041a\u0430\u0437\u0430\u0445\u0441\u0442\u0430\u043d \u043d\u0435 \u0433\u0440\u0430\u043d\u0438\u0447\u0438\u0442 "
          "\u0441 \u0410\u0444\u0433\u0430\u043d\u0438\u0441\u0442\u0430\u043d\u043e\u043c. "
          "\u0410\u0441\u0442\u0430\u043d\u0430 \u043f\u043e\u0441\u0442\u0430\u0432\u043b\u044f\u0435\u0442 "
          "\u043f\u0448\u0435\u043d\u0438\u0446\u0443 \u0432 \u041a\u0430\u0431\u0443\u043b.\n"
          "Key Interests & Priorities\n1. \u0411\u0435\u0437\u043e\u043f\u0430\u0441\u043d\u043e\u0441\u0442\u044c\n"
          "\u0420\u0435\u0433\u0438\u043e\u043d\u0430\u043b\u044c\u043d\u0430\u044f "
          "\u0431\u0435\u0437\u043e\u043f\u0430\u0441\u043d\u043e\u0441\u0442\u044c.\n")
    b = ru.encode("cp1251")
    b = b.replace(b"\n\nProfile", b"\x98\n\nProfile", 1)
    b += "T\u00fcrkiye \u2014 \u049a\u0430\u0437\u0430\u049b\u0441\u0442\u0430\u043d\n".encode("utf-8")
    b += "\u041a\u0430\u0431\u0443\u043b \u0438 \u0410\u0441\u0442\u0430\u043d\u0430\n".encode("koi8-r")
    return b


@fixture("enc-utf16-html.html", "html", "either",
         "HTML in UTF-16LE with BOM but <meta charset=utf-8> inside (the BOM must win over the meta), "
         "with astral characters (regional-indicator flag) in the body")
def _():
    s = html_profile(paras_html=["<p>" + esc_html(NORMAL_TEXT) + " \U0001F1F0\U0001F1FF</p>"])
    return b"\xff\xfe" + s.encode("utf-16-le")


@fixture("enc-utf8-bom-frontmatter.md", "markdown", "accept",
         "front-matter detection after a UTF-8 BOM: a normal Markdown profile with YAML front matter whose "
         "first bytes are EF BB BF then '---'")
def _():
    return b"\xef\xbb\xbf" + md_profile().encode("utf-8")


# ---------------------------------------------------------------------------
# 7. Unicode text content
# ---------------------------------------------------------------------------

@fixture("unicode-zero-width-bidi.txt", "text", "accept",
         "invisible and bidi characters: actor name with ZWSP/ZWJ/RLO/LRI/PDI, interest titles with "
         "'Trojan Source' overrides, 100,000 ZWSPs in a sentence; display, search and entity matching must "
         "survive and not let bidi overrides reorder surrounding output")
def _():
    title = "Kaza\u200bkh\u200dstan\u202e\u2066\u2069"
    zw = "Ka\u200bbul " + "\u200b" * 100_000 + " As\u2060tana."
    interests = [("Regional \u202eytiruceS\u202c", INTERESTS[0][1]),
                 ("\u2067Trade\u2069 and \u200fTransit", INTERESTS[1][1]),
                 ("Humanitarian\u00ad Assistance\u034f", INTERESTS[2][1])]
    return text_profile(title=title, paras=[NORMAL_TEXT + " " + zw], interests=interests)


@fixture("unicode-combining-zalgo.txt", "text", "either",
         "combining marks: one letter of 'Kabul' carrying 60,000 combining marks, plus 20,000 stacked "
         "clusters across the Profile; grapheme segmentation, NFC/NFKC normalisation (canonical reordering "
         "is quadratic on long mark runs) and \\p{M}* regexes")
def _():
    marks = "".join(chr(0x300 + (i % 0x70)) for i in range(60_000))
    clusters = "".join("a" + chr(0x300 + i % 0x70) + chr(0x316 + i % 0x20) + chr(0x483 + i % 4)
                       for i in range(20_000))
    return text_profile(paras=[NORMAL_TEXT + " K" + marks + "abul " + clusters + "."])


@fixture("unicode-expansion.txt", "text", "accept",
         "length-changing Unicode: 20,000 each of U+FDFA (NFKC -> 18 chars), U+0130 (lowercases to 2 "
         "UTF-16 units), \u00df (uppercases to SS), \ufb03, U+0390, and math-bold letters spelling Kazakhstan "
         "(NFKC -> ASCII); offsets computed after case-folding/normalising drift from the original text")
def _():
    parts = ["\ufdfa" * 20_000, "\u0130" * 20_000, "\u00df" * 20_000, "\ufb03" * 20_000,
             "\u0390" * 20_000,
             "\U0001d40a\U0001d41a\U0001d433\U0001d41a\U0001d424\U0001d421\U0001d42c\U0001d42d\U0001d41a\U0001d427"]
    para = NORMAL_TEXT + " " + " ".join(parts) + " Astana sent a delegation to Kabul in October 2021."
    return text_profile(paras=[para])


@fixture("unicode-astral-offsets.txt", "text", "accept",
         "UTF-16 offsets with astral characters: flags, emoji ZWJ sequences and math letters glued to "
         "entity names ('\U0001F1F0\U0001F1FFKazakhstan', 'Kabul\U0001F600'), in the title and interests; every "
         "span must slice the same text in UTF-16 code units")
def _():
    title = "\U0001F1F0\U0001F1FF Kazakhstan"
    body = ("\U0001F1F0\U0001F1FFKazakhstan does not border \U0001F1E6\U0001F1EBAfghanistan. "
            "A delegation from Astana\U0001F468\u200D\U0001F469\u200D\U0001F467 visited Kabul\U0001F600 in "
            "October 2021. \U00010348 Kazakh wheat worth $3\U0001F4B0 million reached Herat.")
    interests = [("\U0001F6E1 Regional Security", INTERESTS[0][1] + " \U0001F30D"),
                 ("Trade \U0001F682 and Transit", INTERESTS[1][1])]
    return text_profile(title=title, paras=[body, NORMAL_TEXT], interests=interests)


@fixture("unicode-homoglyph-headings.txt", "text", "either",
         "heading recognition with look-alikes: Cyrillic '\u0420rofile', fullwidth '\uff30\uff52\uff4f\uff46\uff49\uff4c\uff45', "
         "'Key Interests \uff06 Priorities', Arabic-Indic and fullwidth rank digits '\u0661.' '\uff11\uff0e', "
         "mathematical digits; should not crash or mis-index whichever way it decides")
def _():
    return ("Kazakhstan\n\n\u0420rofile\n" + NORMAL_TEXT + "\n\uff30\uff52\uff4f\uff46\uff49\uff4c\uff45\n"
            + PROFILE_SENTENCES[2] + "\nKey Interests \uff06 Priorities\n\u0661. Regional Security\n"
            + INTERESTS[0][1] + "\n\uff12\uff0e Trade and Transit\n" + INTERESTS[1][1] + "\n"
            "\U0001d7d1. Humanitarian Assistance\n" + INTERESTS[2][1] + "\n")


@fixture("unicode-whitespace-variety.txt", "text", "either",
         "exotic whitespace in structure: title preceded by NBSP/tabs, 'Key\u00a0Interests\u2003&\u3000"
         "Priorities', 'Profile' followed by U+2028, ranks like '1.\u00a0Title' and '2.\tTitle', "
         "en/em/thin/hair spaces between words")
def _():
    return ("\u00a0\tKazakhstan\u2003\n\nProfile\u2028\n" + NORMAL_TEXT.replace(" ", "\u2009", 10)
            + "\nKey\u00a0Interests\u2003&\u3000Priorities\n1.\u00a0Regional Security\n" + INTERESTS[0][1]
            + "\n2.\tTrade\u200aand\u2002Transit\n" + INTERESTS[1][1] + "\n3.\u3000Humanitarian Assistance\n"
            + INTERESTS[2][1] + "\n")


# ---------------------------------------------------------------------------
# 8. Terminal escape sequences
# ---------------------------------------------------------------------------

@fixture("escapes-terminal-text.txt", "text", "either",
         "terminal injection in plain text: the title is ESC]0;pwned BEL + Kazakhstan + ESC[2J ESC[3J, "
         "interest titles carry ESC[31m, OSC 8 hyperlinks, DCS, ESC c (reset), C1 CSI U+009B and "
         "backspaces that overwrite the name; extract --format text, list, show and error output must "
         "escape them")
def _():
    title = "\x1b]0;pwned\x07Kazakhstan\x1b[2J\x1b[3J\x1b[H"
    interests = [("\x1b[31mRegional Security\x1b[0m", INTERESTS[0][1] + "\x1bc"),
                 ("\x1b]8;;http://evil.example/\x1b\\Trade and Transit\x1b]8;;\x1b\\", INTERESTS[1][1]),
                 ("\u009b2JHumanitarian\x08\x08\x08\x08Assistance\x1bP+q\x1b\\", INTERESTS[2][1])]
    return text_profile(title=title, paras=[NORMAL_TEXT + " \x1b[6n\x1b[?1049h\x07"], interests=interests)


@fixture("escapes-terminal-only.bin", "bytes", "refuse",
         "terminal injection on the refusal path: a file made only of escape/control sequences (OSC title, "
         "clear screen, reset, cursor queries, C1 bytes) and NULs; the refusal message must not echo them raw")
def _():
    unit = b"\x1b]0;pwned\x07\x1b[2J\x1b[3J\x1bc\x1b[6n\x9b2J\x00\x08\x7f\x1b[?1049h\x1b]52;c;cHduZWQ=\x07"
    return unit * 2_000


@fixture("escapes-yaml-decoded.md", "markdown", "either",
         "terminal injection through YAML escapes: the raw file has no control bytes but double-quoted "
         "front-matter values decode to ESC]0;...BEL, ESC[2J, U+009B, NUL, NEL, LS, PS (\\e \\a \\x1b \\u009b "
         "\\0 \\N \\L \\P) in actor, author and source")
def _():
    front = ("actor: \"\\e]0;pwned\\aKazakhstan\\x1b[2J\"\n"
             "country: KAZ\n"
             "author: \"\\u009b31mAda\\0\\N\\L\\P\"\n"
             "source: \"https://example.org/\\e[2J\"\n")
    return md_profile(front=front)


@fixture("escapes-markdown-raw.md", "markdown", "either",
         "raw ESC bytes in Markdown and in YAML: a front-matter plain scalar containing ESC (invalid YAML, "
         "so a parse error whose message may quote the line), and headings '# ESC]0;x BEL Kazakhstan' "
         "'### 1. ESC[2J Title'")
def _():
    front = "actor: \x1b]0;pwned\x07Kazakhstan\x1b[2J\ncountry: KAZ\n"
    s = md_profile(front=front, title="\x1b]0;pwned\x07Kazakhstan",
                   interests=[("\x1b[2JRegional Security", INTERESTS[0][1]),
                              ("Trade\x1b[8m and Transit", INTERESTS[1][1])])
    return s


# ---------------------------------------------------------------------------
# 9. Size edge cases
# ---------------------------------------------------------------------------

@fixture("size-one-2mb-line.txt", "text", "either",
         "line length: a valid profile whose Profile paragraph is one 2 MB line of ordinary sentences "
         "(about 22,000 sentences); per-line regexes, line:column computation, and column reporting")
def _():
    line = " ".join(PROFILE_SENTENCES[i % 5] for i in range(22_000))
    return text_profile(paras=[line])


@fixture("size-200k-one-word-lines.txt", "text", "either",
         "line count: 200,000 one-word lines in the Profile section (each a potential heading, title or "
         "paragraph); per-line heading lookahead or array splicing is quadratic")
def _():
    words = ["Kabul", "Astana", "security", "Tashkent", "wheat", "Profile", "railway", "Priorities", "1.", "Herat"]
    return text_profile(paras=[words[i % len(words)] for i in range(200_000)])


@fixture("size-10000-interests.txt", "text", "either",
         "interest count: 10,000 ranked interests '1. Title' .. '10000. Title' each with a paragraph; "
         "ranking, theme assignment and interest-to-sentence mapping at scale")
def _():
    interests = [(f"Interest {i} of Astana", f"Kazakhstan pursues goal {i} with partners in Kabul and Tashkent.")
                 for i in range(1, 10_001)]
    return text_profile(interests=interests)


@fixture("size-30000-headings.md", "markdown", "either",
         "section count: 30,000 '## Section N' headings (levels 2-4) with one line each between Profile and "
         "Key Interests; section tree building, unknown-section keeping, heading-to-section lookups")
def _():
    secs = "\n\n".join(f"{'#' * (2 + i % 3)} Section {i}\n\nLine {i} about Kabul." for i in range(30_000))
    s = md_profile()
    return s.replace("## Key Interests", secs + "\n\n## Key Interests", 1)


@fixture("size-giant-sentence-500k.txt", "text", "either",
         "sentence length: one 500,000-character sentence of ordinary words and commas (no terminal punctuation "
         "until the end); per-sentence NLP, entity and relation extraction on one huge span")
def _():
    words = ["Kazakhstan", "supplied", "wheat", "to", "Afghanistan", "through", "Uzbekistan", "and", "officials",
             "in", "Astana", "discussed", "trade", "with", "the", "Taliban", "in", "Kabul,"]
    s = "Astana stated that " + cycle_join(words, 500_000) + " without interruption."
    return text_profile(paras=[s])


@fixture("size-whole-doc-one-line.txt", "text", "either",
         "structure without line breaks: title, 'Profile', the narrative, 'Key Interests & Priorities' and "
         "'1. ... 2. ...' all on one line of ~300 KB; heading detection must not fall back to per-position "
         "regex scans")
def _():
    s = ("Kazakhstan Profile " + " ".join([NORMAL_TEXT] * 600) + " Key Interests & Priorities "
         + " ".join(f"{i}. {t} {b}" for i, (t, b) in enumerate(INTERESTS * 100, 1)))
    return s


@fixture("size-one-huge-token.txt", "text", "either",
         "tokenizer: a 1 MB 'word' with no spaces or punctuation (KazakhstanAfghanistanKabul... glued) "
         "inside the Profile; tokenizers, stemmers, FTS indexing and gazetteer substring matching")
def _():
    tok = "".join(["Kazakhstan", "Afghanistan", "Kabul", "Astana", "Taliban", "TAPI"][i % 6] for i in range(125_000))
    return text_profile(paras=[NORMAL_TEXT, tok])


# ---------------------------------------------------------------------------
# 10. Extraction stress
# ---------------------------------------------------------------------------

COUNTRIES = ["Kazakhstan", "Uzbekistan", "Tajikistan", "Kyrgyzstan", "Turkmenistan", "Afghanistan",
             "Pakistan", "Iran", "China", "Russia", "India", "Qatar", "T\u00fcrkiye", "Turkey",
             "United States", "Kazakh", "Uzbek", "Tajik", "Afghans", "Pakistani", "Iranian", "Chinese",
             "Astana", "Tashkent", "Dushanbe", "Bishkek", "Ashgabat", "Kabul", "Islamabad", "Tehran",
             "Beijing", "Moscow", "New Delhi", "Doha", "Ankara", "Washington", "Central Asia",
             "Persian Gulf", "Amu Darya", "Herat"]


@fixture("extract-countries-one-sentence.txt", "text", "either",
         "mention extraction density: ~45,000 country names, demonyms, capitals and regions in one "
         "comma-separated sentence; entity linking, entity-mention dedup and co-occurrence relations over "
         "one sentence (pairwise relation building is quadratic in mentions)")
def _():
    return text_profile(paras=[para_with(cycle_join(COUNTRIES, 450_000, sep=", "),
                                         lead="Delegations came from ", tail=".")])


@fixture("extract-dates-one-sentence.txt", "text", "either",
         "time extraction density: ~30,000 valid dates in many shapes in one sentence (15 August 2021, "
         "2021-10-15, mid-October 2021, the 1990s, late 2023, August 15th, 2021, Q3 2022, 2021/22); "
         "chrono-style parsers re-scanning the sentence per match go quadratic")
def _():
    forms = ["15 August 2021", "2021-10-15", "mid-October 2021", "the 1990s", "late 2023",
             "August 15th, 2021", "in Q3 2022", "2021/22", "from 2019 to 2022", "early 2000s",
             "30 June to 1 July 2024", "10/15/2021", "winter of 2021"]
    return text_profile(paras=[para_with(cycle_join(forms, 450_000, sep=", "),
                                         lead="Delegations met on ", tail=".")])


@fixture("extract-quantities-one-sentence.txt", "text", "either",
         "quantity extraction density: ~35,000 quantities in one sentence ($3 billion, 17%, 820 million "
         "cubic meters, 42 MW, half, 1,300 MW, 50,000 tons, two-thirds, 2,600 km, \u20ac5m, 1.3 million)")
def _():
    forms = ["$3 billion", "17%", "820 million cubic meters", "42 MW", "half", "1,300 MW", "50,000 tons",
             "two-thirds", "2,600 km", "\u20ac5m", "1.3 million", "a quarter", "220 kV", "US$540 million",
             "nearly 100 people", "12 per cent"]
    return text_profile(paras=[para_with(cycle_join(forms, 450_000, sep=", "),
                                         lead="Figures included ", tail=".")])


@fixture("extract-negation-chains.txt", "text", "either",
         "relation/negation extraction: 8,000 border claims and 'not not not ...' chains (50,000 'not'), "
         "'does not not share a border', 'neither ... nor' lists; negation scope search that walks back "
         "across the sentence per verb is quadratic")
def _():
    claims = []
    for i in range(8_000):
        a = COUNTRIES[i % 15]
        b = COUNTRIES[(i * 7 + 3) % 15]
        claims.append([f"{a} and {b} do not share a border",
                       f"{a} does not not border {b}",
                       f"neither {a} nor {b} borders Afghanistan",
                       f"{a} borders {b}"][i % 4])
    para = "; ".join(claims) + ". Kazakhstan does " + "not " * 50_000 + "border Afghanistan."
    return text_profile(paras=[NORMAL_TEXT, para])


@fixture("extract-cross-product.txt", "text", "either",
         "event/relation pairing: one sentence with 3,000 actors, 3,000 cities, 3,000 dates and 3,000 "
         "event verbs interleaved ('Kazakhstan visited Kabul in October 2021 and ...'); building all "
         "actor x place x date combinations is cubic")
def _():
    verbs = ["visited", "sent a delegation to", "met officials in", "signed an agreement in", "sent aid to"]
    cities = ["Kabul", "Herat", "Tashkent", "Termez", "Mazar-i-Sharif", "Kandahar", "Islamabad", "Doha"]
    months = ["January", "March", "May", "July", "October", "December"]
    parts = []
    for i in range(3_000):
        parts.append(f"{COUNTRIES[i % 15]} {verbs[i % 5]} {cities[i % 8]} in {months[i % 6]} {2001 + i % 24}")
    return text_profile(paras=[NORMAL_TEXT, "In those years " + " and ".join(parts) + "."])


@fixture("extract-coreference.txt", "text", "either",
         "coreference: 'the TAPI pipeline' once, then 30,000 anaphors ('the pipeline', 'the railway', "
         "'the group', 'it', 'they', 'the ministry') in one paragraph with interleaved named antecedents; "
         "resolving each by scanning all earlier mentions is quadratic")
def _():
    ana = ["the pipeline", "the railway", "the group", "it", "they", "the ministry", "the project",
           "the Taliban", "the TAPI pipeline", "the trans-Afghan railway", "the Ministry of Foreign Affairs"]
    sentences = []
    for i in range(30_000):
        sentences.append(f"{ana[i % len(ana)].capitalize()} grew")
    return text_profile(paras=["Astana supports the TAPI pipeline. " + ". ".join(sentences) + "."])


@fixture("extract-gazetteer-prefixes.txt", "text", "either",
         "gazetteer longest-match: long runs of prefixes of multi-word names that never complete "
         "('Islamic Movement of Islamic Movement of ...', 'Central Central Asia', 'trans-Afghan trans-Afghan', "
         "'Shanghai Cooperation Shanghai Cooperation', 'Mazar-i-Mazar-i-'); a matcher restarting at each "
         "token and extending as far as possible is quadratic")
def _():
    parts = [
        "Islamic Movement of " * 7_000 + "Kabul",
        "Central " * 15_000 + "Asia",
        "trans-Afghan " * 10_000 + "road",
        "Shanghai Cooperation " * 5_000 + "Club",
        "Mazar-i-" * 10_000 + "Kabul",
        "United " * 10_000 + "Kingdom of Nations",
    ]
    return text_profile(paras=[para_with(" ".join(parts))])


# ---------------------------------------------------------------------------
# 11. Structural oddities
# ---------------------------------------------------------------------------

@fixture("struct-rank-overflow.txt", "text", "either",
         "rank parsing: ranks 99999999999999999999999999., 0., -1., 1.5., 9007199254740993), 1e400), "
         "duplicate 1. five times, descending ranks, a 10,000-digit rank; integer overflow, NaN ranks, "
         "duplicate keys and sort stability")
def _():
    ranks = ["99999999999999999999999999.", "0.", "-1.", "1.5.", "9007199254740993)", "1e400)",
             "1.", "1.", "1.", "1.", "1.", "3.", "2.", "9" * 10_000 + "."]
    lines = ["Kazakhstan", "", "Profile", NORMAL_TEXT, "Key Interests & Priorities"]
    for i, r in enumerate(ranks):
        lines.append(f"{r} {INTERESTS[i % 3][0]}")
        lines.append(INTERESTS[i % 3][1])
    return "\n".join(lines) + "\n"


@fixture("struct-duplicate-sections.txt", "text", "either",
         "section repetition: 'Profile' and 'Key Interests & Priorities' headings alternating 2,500 times, "
         "each followed by a '1. Title' line and a sentence; which one wins, and per-heading rescans")
def _():
    lines = ["Kazakhstan", ""]
    for i in range(2_500):
        lines += ["Profile", PROFILE_SENTENCES[i % 5], "Key Interests & Priorities",
                  f"1. {INTERESTS[i % 3][0]}", INTERESTS[i % 3][1].split(". ")[0] + "."]
    return "\n".join(lines) + "\n"


@fixture("struct-heading-lookalikes.txt", "text", "either",
         "structure ambiguity: actor title '1. Profile', a 100 KB title line, 'Profile' used as a word at a "
         "line start, body lines that start with '2. ' and 'Key Interests' mid-paragraph, interests titled "
         "'Profile' and 'Key Interests & Priorities'")
def _():
    lines = ["1. Profile " + "Kazakhstan " * 9_000, "", "Profile",
             NORMAL_TEXT,
             "Profile of Astana's policy is cautious.",
             "2. That is the second point of the narrative, not an interest.",
             "Key Interests matter less than some think, officials said.",
             "Key Interests & Priorities",
             "1. Profile", INTERESTS[0][1],
             "2. Key Interests & Priorities", INTERESTS[1][1],
             "3) Kazakhstan", INTERESTS[2][1]]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------

README = """# hostile-blind fixtures

Hostile inputs for Dossier's document ingestion (plain text, Markdown, HTML, raw bytes), written
*blind*: from the documented input format only (README.md, examples/, test-fixtures/seed-kazakhstan.txt,
the shared spec), without reading Dossier's source code. Each file probes one plausible weakness:
quadratic sentence splitting, regex backtracking, deep recursion, parser blow-ups (YAML aliases,
HTML entities/comments/attributes), encodings (UTF-16/32, invalid/overlong UTF-8, NUL, BOMs, line
endings), terminal escape sequences, size limits and extraction density.

`manifest.json` lists every file with its format, what it targets and the expected outcome
(`accept`, `refuse`, or `either`). For every file, whatever the outcome, the program should finish
in roughly linear time (a few MB in a couple of seconds), never crash or overflow the stack,
refuse only with a clear `file:line:column` message, and never print raw control sequences.

`make.py` is the source of truth: it recreates every fixture, `manifest.json` and this README
deterministically. Regenerate with:

    python3 test-fixtures/hostile-blind/make.py
"""


def main():
    total = 0
    manifest = []
    names = set()
    for file, fmt, expect, targets, fn in FIXTURES:
        assert file not in names, file
        names.add(file)
        data = fn()
        if isinstance(data, str):
            data = data.encode("utf-8")
        assert isinstance(data, bytes), file
        assert len(data) <= MAX_FILE, (file, len(data))
        total += len(data)
        with open(os.path.join(HERE, file), "wb") as f:
            f.write(data)
        manifest.append({"file": file, "format": fmt, "targets": targets, "expect": expect})
        print(f"{len(data):>10,}  {file}")
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=True)
        f.write("\n")
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write(README)
    print(f"{total:>10,}  total in {len(manifest)} fixtures")
    assert total <= MAX_TOTAL, total
    known = names | {"manifest.json", "README.md", "make.py"}
    stale = sorted(set(os.listdir(HERE)) - known)
    if stale:
        print("warning: files not produced by make.py:", ", ".join(stale), file=sys.stderr)


if __name__ == "__main__":
    main()
