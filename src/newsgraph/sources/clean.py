"""The one text cleaner every reader uses: drop page furniture and nothing else.

Scraped stories carry browser banners, cookie notices, share buttons, "Related:" links
and photo credits. Left in, they become fake entities ("Bunyamin Aygun / AP") and fake
sentences. The rules here are deliberately narrow: each matches a whole line (or a credit
glued to the end of a caption) in the shapes web pages use, so an ordinary sentence that
mentions "related", "source" or "photo" is never dropped. Offsets index the cleaned text,
so the cleaner must also be idempotent: cleaning cleaned text changes nothing.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "is_furniture", "strip_credits"]

# Agencies and photo services that appear in "Name / AGENCY" credits.
_AGENCIES = (
    r"(?:AP|AFP|Reuters|Getty(?:\s+Images)?|EPA(?:-EFE)?|EFE|Anadolu(?:\s+Agency)?|Sipa"
    r"|Shutterstock|Xinhua|TASS|Sputnik|Bloomberg|NurPhoto|SOPA\s+Images|Alamy|Pool"
    r"|ANSA|DPA|Kyodo|Yonhap|UPI|The\s+Associated\s+Press|Associated\s+Press"
    r"|Corbis|LightRocket|Zuma(?:\s+Press)?|ZUMA\s+Wire|NBC\s+News|CNN|BBC)"
    r"(?:\s+(?:via|for)\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})?"
)
# A person's or agency's name: capitalised words, allowing common particles.
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|van|von|al|bin|la|le)){0,5}"

# Whole-line furniture, matched case-insensitively.
_LINE_PATTERNS = [
    # Browser banners: "IE 11 is not supported. For an optimal experience visit ...".
    r"(?:IE|Internet Explorer|your browser|this browser|you are using an? (?:outdated|"
    r"unsupported) browser)\b.{0,80}(?:not supported|out of date|outdated|upgrade).{0,120}"
    r"(?:optimal experience|another browser|upgrade your browser|update your browser"
    r"|switch to|better experience|latest version).{0,80}",
    # Cookie notices.
    r"(?:we|we and our (?:partners|vendors)|this (?:web)?site|our (?:web)?site|this page)"
    r" (?:uses?|stores?|places?|sets?) cookies\b.{0,300}",
    r"by (?:continuing|using|browsing|clicking)\b.{0,80}\b(?:agree|consent|accept)\b.{0,40}"
    r"\bcookies?\b.{0,200}",
    r"(?:accept|allow|manage|reject|decline)(?: all)? cookies?[\s.!]*",
    r"cookies? (?:settings|policy|preferences|notice|consent)[\s.!]*",
    # Navigation, share and subscription lines.
    r"(?:share|tweet|email|print|copy link|share this(?: article| story| page| video)?"
    r"|share (?:on|via) \w+|skip to (?:main )?content|skip navigation|advertisement"
    r"|sponsored(?: content)?|story continues below(?: advertisement)?"
    r"|continue reading(?: below| the main story)?|back to top|menu|close|search"
    r"|log ?in|sign ?in|subscribe(?: now)?|comments?|show comments|leave a comment"
    r"|listen to (?:this )?(?:article|story)|\d+ min(?:ute)? read)[\s.:!|]*",
    r"(?:sign up|subscribe|register) (?:for|to) (?:our|the)\b.{0,40}\bnewsletters?\b.{0,80}",
    # Link lines: "Related: New Syria Crisis: ...".
    r"(?:related|related (?:coverage|stories|articles|content|links?)|read more|read also"
    r"|also read|see also|more on this(?: story)?|watch|listen|recommended)\s*:.{0,200}",
    # Source lines: "/ Source: Associated Press".
    r"/\s*source\s*:.{1,80}",
]
# Whole-line credits: names and agencies must keep their capitals to count, so only
# the keywords are case-insensitive.
_CREDIT_PATTERNS = [
    r"(?i:source)\s*:\s*" + _NAME + r"\.?",
    r"\(?(?i:photo|photograph|image|picture|video|credit|photo credit|image credit)s?"
    r"\s*:\s*" + _NAME + r"(?:\s*/\s*" + _NAME + r")?\)?\.?",
    r"\(?(?i:photo|photograph|image|picture)s? (?i:by) "
    + _NAME
    + r"(?:\s*/\s*"
    + _NAME
    + r")?\)?\.?",
    r"\(?" + _NAME + r"\s*/\s*" + _AGENCIES + r"\)?\.?",
    r"\(?" + _AGENCIES + r"\s+(?i:photo|file photo|image)\)?\.?",
]
_LINE_RE = re.compile("|".join(f"(?:{p})" for p in _LINE_PATTERNS), re.IGNORECASE | re.DOTALL)
_CREDIT_RE = re.compile("|".join(f"(?:{p})" for p in _CREDIT_PATTERNS))

# A credit glued to the end of a caption: "... Feb. 6, 2016.Bunyamin Aygun / AP".
_GLUED_CREDIT_RE = re.compile(
    r"(?<=[.!?\"”’)])[ \t]*" + _NAME + r"[ \t]*/[ \t]*" + _AGENCIES + r"[ \t]*$"
)
# A parenthesised credit anywhere in a line: " (Photo by X/Getty Images)".
_PAREN_CREDIT_RE = re.compile(
    r"[ \t]*\((?:photo|photograph|image|picture|file photo)s?(?: by|:)[^()\n]{1,80}\)",
    re.IGNORECASE,
)


def is_furniture(line: str) -> bool:
    """True when the whole line is page furniture (banner, notice, link, credit).

    Decided on the line alone, so the cleaner stays idempotent. Lines longer than a
    few hundred characters are prose, whatever they mention.
    """
    text = line.strip()
    if not text or len(text) > 400:
        return False
    return bool(_LINE_RE.fullmatch(text) or _CREDIT_RE.fullmatch(text))


def strip_credits(line: str) -> str:
    """Remove photo credits glued to or embedded in a caption line, keep the caption."""
    while True:
        stripped = _PAREN_CREDIT_RE.sub("", line)
        stripped = _GLUED_CREDIT_RE.sub("", stripped)
        if stripped == line:
            return line
        line = stripped


def clean_text(text: str) -> str:
    """Drop page furniture; normalise line ends, trailing spaces and blank-line runs.

    Paragraphs stay separated by one blank line; every other character of a kept line
    is kept as is, so the result never holds a character the input did not (apart from
    "\\n" replacing "\\r").
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for raw in lines:
        line = strip_credits(raw.rstrip()).rstrip()
        if is_furniture(line):
            continue
        if not line.strip():
            line = ""
            if not kept or not kept[-1]:
                continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)
