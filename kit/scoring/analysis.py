"""Analyse one question: domain, orientation, form, SPIN stage, flags, and the evidence for each.

Rules follow the labelling guide in DESIGN.md. Each decision records the words or rule that made
it, so a learner sees *why* a question counts as a pitch or drifts into accounting. Lexical
knowledge of domains comes from the taxonomy files; the patterns below are the engine's grammar
of sales questions (pitches, small talk, closed forms, SPIN cues).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kit.catalog import Catalog, load_catalog
from kit.errors import InputError
from kit.scoring.lexicon import AMBIGUOUS_FACTOR, build_lexicon
from kit.scoring.text import normalize, tokens

MAX_QUESTION_CHARS = 2000
DOMAIN_THRESHOLD = 0.35   # total term weight a domain needs before a question counts as in it
ORIENTATIONS = ("business", "product", "other")
FORMS = ("open", "closed")


def _rx(*patterns: str) -> re.Pattern[str]:
    """One alternation of lower-case patterns, searched in lower-cased text (faster than
    re.IGNORECASE over a hundred alternatives).

    Every pattern starts at a word boundary, the start, a comma or a dollar sign, so the
    alternation is guarded by a cheap check of just that: without it the engine tries all
    hundred-odd alternatives at every character of every question."""
    return re.compile(r"(?:\b|^|(?=[,$]))(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


# --------------------------------------------------------------------------- orientation
_PRODUCT_NOUN = (r"(?:platform|product|solution|tool(?:s|kit)?|software|app|application|module|"
                 r"add-?on|plug-?in|feature|features|dashboard|suite|system|engine|bot|chatbot|"
                 r"copilot|assistant|integration|connector|offering|package|subscription|version|release|"
                 r"edition|api)s?")
_PITCH = _rx(
    r"\bdid you know\b", r"\bare you aware\b", r"\bwere you aware\b",
    r"\b(?:would|do) you (?:like|want|care) to (?:see|try|hear|watch|learn|get|take|book|schedule|sign)\b",
    r"\b(?:can|could|may|shall) (?:i|we) (?:show|demo|walk you through (?:our|the|a|how)|send you (?:a|our) (?:demo|trial|quote|proposal|brochure|deck)|set you up)\b",
    r"\blet me (?:show|demo|tell you about)\b",
    r"\bhave you (?:heard|seen|read|considered|thought about|looked at|tried)\b.{0,60}\b(?:ai|machine learning|automation|automated|platform|software|solution|tool|module|app|we|our)\b",
    r"\b(?:interested|interest you) in (?:a|an|our|the|seeing|trying|a free)\b",
    r"\bwhat if i (?:told|showed)\b",
    r"\b(?:our|my) (?:new |latest |own )?" + _PRODUCT_NOUN,
    r"\bwe (?:offer|provide|sell|have|built|launched|released|just|can|could|integrate|support)\b",
    r"\b(?:a|an|the) (?:free |30-day |14-day )?(?:demo|trial|pilot|proof of concept|poc)\b",
    r"\bdemo\b", r"\bfree trial\b", r"\b(?:our|my) pricing\b", r"\bpricing (?:options|tiers|plans|sheet)\b",
    r"\bprice list\b", r"\b(?:a|an|our|any|the) (?:\d+% )?discount (?:on|for|if|off)\b", r"\b\d+% discount\b",
    r"\b(?:per[- ]seat|per[- ]user|per[- ]month) (?:price|cost|fee)",
    r"(?<!your )(?<!it )(?<!product )(?<!digital )(?<!technology )(?<!company )(?<!strategic )\broadmap\b", r"\bcase stud(?:y|ies)\b", r"\bbrochure\b", r"\bwhite ?paper\b",
    r"\b(?:would|could|will|might|can) (?:a|an|this|that) [\w\s-]{0,40}" + _PRODUCT_NOUN + r"\b[\w\s-]{0,30}\b(?:help|work|fit|suit|make sense|be useful|interest)",
    r"\b(?:a|an) [\w\s-]{0,40}" + _PRODUCT_NOUN + r" (?:that|which) (?:automatically|instantly|uses|flags|cuts|predicts|reduces|saves|lets|gives|sends|routes|tracks|scores|helps)",
    r"\b(?:ai|machine learning|ml|gen ?ai|generative ai)[- ](?:powered|driven|based)\b",
    r"\bwhat (?:machine learning|ai|automation) (?:does|can do)\b",
    r"\bsign (?:up|the order form|this quarter|before)\b", r"\bwould you sign\b",
    r"\bwe(?:'ve| have)? (?:helped|help|worked with|work with|saved|cut|reduced|enabled|partner with)\b",
    r"\bwe(?:'re| are) (?:launching|releasing|offering|rolling out|running a)\b", r"\b(?:companies|clients|firms|teams|customers) like yours\b",
    r"\b(?:partner|partnering|working|work) with us\b", r"\bcompare(?:s)? (?:with|to) what you (?:use|pay|have)\b",
    r"\bour\b(?! (?:call|meeting|conversation|chat|time|last|next|earlier|previous|discussion)\b)",
    r"\b(?:one-pager|datasheet|data sheet|info pack|product video|demo video|free assessment|health check)\b",
    r"\binterested\s*\??$", r"\bsound(?:s)? (?:good|interesting|useful|like something)\b.{0,30}\??$", r"\bworth a look\b",
    r"\bswitch(?:ing)? (?:to|over to) (?:a|an|our|the)\b(?! (?:dial-?in|phone|video|call|bridge|link|line|other|landline|mobile|audio)\b)",
    r"\bif (?:we|i) (?:could|can|were to|showed|proved)\b", r"\bwhat if (?:we|our)\b",
    r"\b(?:would|are) you (?:be )?open to (?:a|an|our|the|seeing|trying|a quick)\b",
    r"\b(?:can|could|may) (?:i|we) (?:send|share|show|give|get|book|set up|schedule) you\b",
    r"\b(?:i'?d|i would|we'?d|we would) (?:love|like) to (?:show|demo|walk you|send|set up)\b",
    r"\bdo you want (?:me )?to (?:see|hear|try|show)\b", r"\b(?:our|the) (?:customers|clients) (?:typically|usually|often|all) (?:see|get|save|cut|report)\b",
    r"\bwhat(?:'s| is) (?:stopping|keeping|holding) you (?:back )?from (?:buying|signing|moving forward|switching|trying|going ahead)\b",
    r"\bready to (?:move forward|sign|buy|start a|go ahead|get started)\b", r"\bhow soon could you (?:start|roll out|sign|implement)\b",
    r"\bwhat would it take (?:to|for you to) (?:sign|buy|get (?:a|the) (?:pilot|trial|deal|contract)|move forward|go ahead)\b",
    r"\b(?:like|similar to) ours\b", r"\branked us\b", r"\b(?:with|from|choose|pick) us\b",
    r"\b(?:want|like) (?:me )?to (?:see|show|try|walk you|test|explore)\b", r"\bshow you\b",
    r"\bwalk you through (?:the|our|a|how)\b", r"\bsomething you'?d (?:want|like) to (?:try|see|test)\b",
    r"\b(?:a |the )?(?:sandbox|beta|early access|rollout plan|implementation timeline|roi calculator|pricing sheet|order form|proposal)\b(?! stage)",
    r"\b(?:send|sending|get|put together|prepare|share|review|approve|sign) (?:you |over )?(?:a |the |our |my )?quote\b", r"\bthe quote (?:i|we) (?:sent|shared)\b", r"\b(?:the|our|my) quote (?:compare|compares|stack|stacks|look|looks|land|lands|fit|fits)\b",
    r"\b\d+ (?:seats|licen[cs]es|users)\b", r"\b\d+% off\b", r"\boff (?:the )?list(?: price)?\b",
    r"\b(?:annual|monthly) plan\b(?= or| better| fit)", r"\b(?:which|what) of (?:our|the) (?:\w+ )?(?:packages|plans|tiers|editions|options)\b",
    r"\bthe (?:new |newest |latest )(?:[\w-]+ ){0,2}(?:interface|version|portal|release|feature|features|module|app)\b",
    r"\bthe (?:[\w-]+ ){0,3}(?:module|add-on|engine|suite|builder|planner|calculator|scorecard|api)\b",
    r"\b(?:the|our) (?:[\w-]+ ){0,2}templates? (?:library|builder|pack|feature|gallery)\b",
    r"\bfeatures?\b(?! (?:of|in) (?:your|the) (?:contract|deal|plan|business))",
    r"\b(?:what do you think|how do you feel|what would you make|what did you think|what questions do you have) (?:of|about) (?:the |our |a |an |some )?(?:[\w-]+ ){0,3}(?:software|tool|platform|app|solution|module|feature|dashboard|product|ai|automation|demo|trial|pricing|proposal)\b",
    r"\b(?:what do you think|how do you feel|what would you make|what did you think|what questions do you have) (?:of|about) (?:our\b|the\b(?! (?:[\w-]+ ){0,2}(?:keynote|talk|panel|session|event|show|game|match|weather|conference|trip|city|hotel|venue|food|speaker|speech|news|market|economy|election|season)))",
    r"\b(?:what did you|tell me what you) (?:like|liked|think)\b.{0,40}\b(?:demo|trial|pilot|deck|sheet|proposal)\b",
    r"\bhow interesting would\b", r"\bwhat would you (?:want|like|need) to see (?:in|on)\b",
    r"^(?:would|could|might) (?!it |that |this |you |your |we |they |the team )(?:a |an |the )?[\w\s-]{3,50} be (?:useful|interesting|of interest|valuable|helpful|worth a look|something)\b",
    r"\bhave you (?:heard|seen|read) (?:about|of|how)\b", r"\bhow about (?:a|an|i|we) (?:pilot|trial|demo|pull|show|run|set)\b",
    r"^what if (?:you|your [\w-]+(?: [\w-]+)?) (?:could|saw|had|got|were able to|never had to|didn't have to|no longer had to)\b(?!.*\b(?:what|how|would (?:that|it|this)|mean|worth|help|change|save|difference)\b)",
    r"\bper[- ](?:user|seat|plant|site|agent|device|licen[cs]e|location|store)(?: (?:per|a) (?:month|year))? (?:licen[cs]e|licen[cs]ing|price|pricing|plan|tier|fee|subscription)\b",
    r"\$\d[\d,.]*k? (?:per|a) (?:user|seat|licen[cs]e|month|year|agent|site|plant|device)\b", r"\bwhat you had in mind\b",
    r"\b(?:in|with) (?:version|release|v) ?\d", r"\bwould(?:n't| not)? (?:your|the) [\w-]+ (?:love|like|enjoy|appreciate) (?:the|our|a|an|having|being able)\b",
    r"\bwouldn't it be (?:great|nice|good|easier|amazing|better|helpful|useful|cool)\b",
    r"^wouldn't (?!you\b|it be (?:fair|true|right)\b)[\w\s-]{3,60}\b(?:make|save|help|cut|free|let|give|take)\b",
    r"^what if (?!you\b|your\b|we\b|i\b)(?:the |a |an )?(?:[\w'-]+ ){1,3}(?:showed|flagged|rebuilt|assigned|predicted|sent|routed|"
    r"matched|caught|told|alerted|updated|reconciled|handled|scheduled|booked|generated|drafted|answered|logged|filled|"
    r"suggested|highlighted|prioriti[sz]ed|calculated|pulled|synced|learned|spotted|automatically|could|did|took|ran|"
    r"tracked|found|wrote|read|built|created|approved|chased|posted)\b(?!.*\b(?:what|how|would (?:that|it|this)|mean|worth)\b)",
    r"\bhow (?:does|would|do) (?:that|this|it|these|those|an? [\w\s-]{1,40}) (?:sound|land|strike you)\b", r"\bsounds? to you\b",
    r"\bstacks? up (?:against|with|to)\b", r"\b(?:take|view|thoughts|feedback|opinion|reaction|reservations|concerns|objections|hesitations|doubts) "
    r"(?:\w+ ){0,4}(?:on|about|to) (?:the|our) (?:pricing|price|proposal|quote|demo|trial|pilot|platform|product|solution|tool|"
    r"software|app|terms|offer|contract|connectors?|integration)\b",
    r"\babout (?:the|our) (?:platform|product|solution|software|proposal|offer|pilot|trial)\b",
    r"\b(?:a|an|the) (?:(?:free|paid|short|quick|small|no-cost|no-obligation|live|guided|technical|limited|\d+-day|"
    r"\d+-week|\d+-month|two-week|four-week|one-month|three-month) )+(?:demo|trial|pilot|proof of concept|poc)\b",
    r"\b(?:term|contract|billing|price|pricing|rate|discount|bundle|package|plan|tier|terms|payment schedule|"
    r"implementation|rollout|pilot|trial|start date)\b.{0,40}\b(?:(?:work|works|suit|fit) (?:better )?for you|suits? you)\b",
    r"\b(?:extend|extension of) (?:your|the) (?:trial|pilot|licen[cs]e|sandbox)\b",
    r"\b(?:annual|quarterly|monthly) or (?:annual|quarterly|monthly) (?:billing|payment|invoicing)\b",
    r"\bimplementation (?:fee|cost|timeline|package)\b", r"\bfixed[- ]fee\b",
    r"\bmeets? (?:your|all your|all of your|the) (?:requirements|needs|criteria)\b",
    r"\bsoc ?2\b", r"\biso ?27001\b", r"\bsecurity (?:questionnaire|documentation|white ?paper|pack)\b",
    r"\bsend (?:over|you) (?:the|a|our) (?:soc|security|pricing|proposal|contract|order form|quote|case stud|reference|"
    r"trial|sandbox|datasheet|one-pager|msa|sow)",
    r"\breference (?:customers?|calls?|sites?|accounts?|clients?)\b", r"\b(?:get|start|kick off|started on) (?:the )?paperwork\b",
    r"\bpaperwork (?:started|going|moving)\b", r"\bget (?:the )?(?:contract|agreement|order form|po) (?:over|signed|started|moving)\b",
    r"\bhave you (?:seen|heard of|tried|looked at) (?:[\w-]+'s|the new|how)\b",
    r"\b(?:could|would|can) (?:[\w-]+'s|a|an|the) (?:[\w-]+ ){0,3}(?:replace|automate|eliminate|take over)\b",
    r"\bhow would you feel about (?:the|a|an|our|using|having|letting|trying|switching|moving)\b",
    r"\b(?:yesterday's|last week's|today's|our|my) (?:walk-?through|product tour|presentation)\b", r"\bwhat did you like (?:most|best)\b",
    r"\bthink (?:of|about) (?:the|our) (?:[\w-]+ ){0,4}" + _PRODUCT_NOUN + r"\b",
    r"\bwould (?:your (?:[\w-]+ ){1,3}|you )(?:use|find it|trust|switch on|turn on|adopt|pay for)\b",
    r"\bwould (?:your (?:[\w-]+ ){1,3}|you )want (?:a|an|the|it|this|that|to (?:see|try|use|start|sign|add|turn on|switch on))\b",
    r"\bper[- ]seat\b", r"\b(?:revenue|usage|volume|seat|user|consumption)-based pricing\b", r"\bpricing (?:for|of) (?:the|our|this)\b",
    r"\b(?:standard|basic|premium|enterprise|pro|starter|professional) (?:tier|plan|edition|package)\b", r"\bincluded in the\b",
    r"\b(?:\w+-year|multi-year|annual) (?:contract|term|commitment|subscription|deal)\b.{0,30}\b(?:okay|ok|fine|acceptable|work|suit)\b",
    r"\bhow about (?:letting|pairing|adding|a|an|the|using|turning|switching|connecting|integrating)\b",
    r"\bsomething (?:you|your [\w-]+)(?:'d| would) (?:switch on|turn on|use|want|enable|roll out|need)\b",
    r"\b(?:try|tried|trying) (?:the|this|it)\b", r"\b(?:migrat\w+|moving|import\w*) (?:[\w-]+ ){0,3}(?:into|to|onto) (?:the|this|our) ",
    r"\breferences?\b(?! (?:check|checks|checking|data|number|guide))", r"\bwould it (?:be useful|help) if the\b", r"\bwould it help to see\b",
    r"\b(?:rollout|go-live|phase one|tenant|hosting region|dpa|support tier|customer success manager|before signing|switch on|"
    r"must-have|set aside for this|choose this|release date)\b", r"\bsend (?:the |our )?(?:msa|dpa|order form|paperwork)\b",
    r"\bpull up the\b", r"\b(?:book|schedule|set up|arrange) a (?:technical |quick )?(?:deep dive|demo|walkthrough|session|workshop) on (?:the|our)\b", r"\bgo live\b", r"\bonboard(?:ing)? (?:you|your team) (?:on|onto) (?:our|the)\b",
)
_OTHER = _rx(
    r"\b(?:your|the|a|nice|good) weekend\b(?! (?:shift|cover|staff|rota|crew|team|volume|demand|orders|work))", r"\bweekend away\b",
    r"\bpark(?:ing)?\b(?! (?:lot|fee|revenue))", r"\breception(?:ist)?\b", r"\bsnow\b", r"\bmarathon\b", r"\bthe trip\b",
    r"\bnew (?:office|school|house|home)\b", r"\breading these days\b", r"\bup to this (?:summer|weekend|winter)\b",
    r"\brunning (?:\w+ ){0,3}late\b", r"\brecord (?:this|the|our) (?:call|meeting)\b", r"\bzoom\b",
    r"\bprefer teams\b", r"\bemail (?:you )?a (?:summary|recap)\b", r"\bpush (?:our|the|this) (?:call|meeting)\b",
    r"\bhow (?:did|was) the (?:\w+ ){0,3}(?:go|trip|race|game|wedding|party|drive|flight|conference|show)\b",
    r"\bdrive in\b", r"\bhow was the drive\b", r"\bholiday(?:s)?\b(?! (?:season|peak|rush|trading|staffing|cover|rota|schedule|sales|campaign|demand|inventory|stock|orders|bookings|weekends?|periods?|shifts?))",
    r"\bvacation\b", r"\bweather\b", r"\bhow (?:are|r) (?:you|things)(?: doing| today)?\s*\??$",
    r"\bhow(?:'s| is| was) (?:your|the) (?:day|week|morning|trip|flight|drive|weekend|commute|summer|holiday|vacation|family)\b",
    r"\bgood (?:morning|afternoon)\b", r"\bcoffee\b", r"\blunch\b",
    r"\bgolf\b", r"\bgame last night\b", r"\b(?:football|soccer|baseball|hockey|basketball)\b", r"\bthe match\b(?! rate)",
    r"\bkids\b", r"(?<!product )\bfamily\b(?! business)", r"\bthe traffic\b", r"\bconference\b.{0,30}\b(?:enjoy|fun|good|go|in \w+)\b", r"\bhow was the conference\b",
    r"\bcan you hear me\b", r"\bcut out\b", r"\bam i back\b", r"\bfro(?:ze|zen)\b", r"\bbreaking up\b", r"\bon mute\b",
    r"\bif the (?:link|line|call|connection) drops\b", r"\bbest number to reach you\b", r"\btime ?zone\b",
    r"\b(?:drop|hop|jump) (?:off )?early\b", r"\b\d+[- ]minute (?:slot|call|meeting|chat)\b", r"\bstill have the (?:full )?\d+ minutes\b",
    r"\bpush (?:this|it|things) (?:to|back|out)\b", r"\bkeep (?:this|it|the call|today) (?:to|under) \d+",
    # the person's life, the meeting itself and the line it runs on
    r"\b(?:puppy|baby|wedding|honeymoon|hobby|hobbies|garden|gym|concert|band)\b", r"\byour commute\b",
    r"\bin the background\b", r"\bhow(?:'s| has| is) life\b", r"\b(?:in|into) this role (?:long|yet)\b", r"\btitle changed\b",
    r"\blinkedin post\b", r"\bwhat prompted you\b", r"\bwhirlwind\b", r"\bhighlight of\b",
    r"\bhow (?:was|did you find|did you enjoy) (?:the )?(?:[\w-]+ ){0,2}(?:conference|dinner|show|event|keynote|expo|summit|trip|party|offsite|evening|night)\b",
    r"^how was [\w-]+(?: this year| last week)?\s*\?", r"\b(?:did you|are you) (?:end up )?(?:going|heading|get|getting) to (?:the )?(?:[\w-]+ ){0,3}(?:show|conference|expo|summit|event|game|match|concert)\b",
    r"\b(?:minutes? left|time check|minutes over|run over|running over|go over time)\b",
    r"\b(?:link|audio|video|camera|mic|microphone|connection|sound) (?:isn't|is not|keeps|dropped|froze|is working|isn't working|cutting)\b",
    r"\bresend\b", r"\bbest way to (?:reach|contact|get hold of) you\b", r"\b(?:joining|dialing|dialling|calling) (?:in )?from\b", r"\bfrom home\b",
    r"\b(?:say|pronounce|spell) your name\b", r"\bget (?:your|the) name right\b", r"\bis it [a-z]+ or [a-z]+\? i want\b",
    r"\b(?:summary|recap) of (?:today|the call|our call|this call|the meeting)\b", r"\bsummary of today\b",
    r"\bhow(?:'s| is) your (?:monday|tuesday|wednesday|thursday|friday)\b", r"\b(?:hear|see) me (?:ok|okay|alright)\b", r"\bscreen ?share\b", r"\bmute\b",
    r"\bcalendar invite\b", r"\b(?:meeting|follow[- ]up|teams|zoom|webex) invite\b", r"\bsend (?:\w+ ){0,3}invite\b", r"\byour (?:assistant|ea|pa)\b(?! (?:tool|software|feature))", r"\bdial[- ]in\b", r"\bsend (?:you |over )?(?:a |the )?(?:calendar|invite)\b", r"\b(?:my|your) calendar\b", r"(?<!'s )(?<!board )\bagenda\b", r"\bfollow[- ]up (?:call|meeting)\b",
    r"\b(?:next|another|a second) (?:call|meeting|session)\b", r"\breschedule\b",
    r"\b(?:does|would|is) (?:monday|tuesday|wednesday|thursday|friday|next week|tomorrow)\b",
    r"\b(?:monday|tuesday|wednesday|thursday|friday)\b.{0,20}\b(?:work|good|ok|still|suit)\b",
    r"\bhow (?:much|long) time (?:do )?(?:we|you) have\b", r"\bdo you have a (?:hard )?stop\b",
    r"\bslides?\b", r"\bthe deck\b", r"\bsend (?:over|you|me) the\b",
    r"\bwho else should (?:join|be on|attend)\b", r"\bjoin (?:the|our|this) call\b",
    r"\bhow did you get into\b", r"\bwhere are you calling from\b", r"\bhow long have you been (?:in|at|with)\b",
    r"\bthanks? for (?:making|taking) the time\b",
    r"^(?:thanks|thank you)\b", r"\b(?:good|nice|great|relaxing) (?:weekend|break|trip|holiday|vacation|summer|flight)\b",
    r"\bdo you (?:follow|watch|play) (?:golf|tennis|football|soccer|baseball|hockey|basketball|any sports?|the)\b",
    r"\b(?:outside|after) (?:of )?work\b", r"\bwhat did you think of the (?:keynote|talk|panel|session|event|show)\b",
    r"\b(?:rooting|cheering) for\b", r"\bcan we (?:meet|talk|connect|chat) (?:again|next|later|on (?:monday|tuesday|wednesday|thursday|friday))\b",
        r"\bgood time\b", r"\bwhat time works\b", r"\btime works (?:best|for you)\b", r"\bshare my screen\b", r"\bsee my screen\b",
    r"\btake notes\b", r"\bwrap (?:up|things up)(?: here| now| for today)?\s*[?.]?$", r"\bmove (?:the|our) (?:meeting|call)\b", r"\bbook a follow[- ]up\b",
    r"\bnice to (?:meet|see)\b", r"^(?:hi|hello|hey)\b", r"\bhow(?:'s| is) it going\b", r"\bhow have you been\b",
    r"\bdid you (?:catch|watch|see) the (?:game|match|final|race|show)\b", r"\bhow was your (?:holiday|vacation|break|trip|weekend|summer|christmas|flight)\b",
    r"\bany (?:plans|trips) (?:for|this)\b", r"\bbirthday\b", r"\bhow(?:'s| is) the family\b",
    r"\b(?:do|did) you (?:get|have) (?:a|any) (?:chance|time) to (?:read|look at|review) (?:the|my) (?:email|agenda|notes)\b",
)

# The person's own story and a failing call line are small talk whatever business words they hold
# ("What got you into logistics?"): checked before domain vocabulary can call them business.
_OTHER_FIRST = _rx(
    r"\bwhat got you into\b", r"\bin the first place\s*\??$", r"\bcut out\b", r"\bam i back\b", r"\bbreaking up\b",
    r"\bhow did you (?:get into|get started|end up (?:in|at|as|working)|go from|come to (?:work|join)|wind up|land (?:in|at|this))\b",
)

# Words that tie a question to the prospect's organisation. A question with none of these and no
# domain vocabulary is about the person or the meeting, not the business: small talk.
_BUSINESS_ANCHOR = _rx(
    r"\b(?:business|company|companies|organi[sz]ation|firm|department|division|unit|team|teams|staff|employees|people|workforce|"
    r"customers?|clients?|members?|patients?|guests?|users?|buyers?|suppliers?|vendors?|partners?|board|ceo|cfo|coo|cio|cro|cmo|leadership|management|executives?|managers?|"
    r"revenue|sales|profit|margin|cost|costs|spend|budget|money|price|growth|market|markets|competitors?|share|"
    r"goals?|priorit(?:y|ies)|targets?|plans?|strategy|initiatives?|projects?|objectives?|results?|numbers?|metrics?|kpis?|performance|success|"
    r"process(?:es)?|operations?|work|workload|system|systems|tools?|data|reports?|reporting|quarter|fiscal|year|annual|"
    r"challenges?|problems?|issues?|risks?|pains?|operate|countries|regions|states|cities|industry|merger|acquisition|expansion|launch|hiring|growth|change|changes|decisions?|approv\w*|sign off|"
    r"stores?|plants?|sites?|offices?|locations?|branches|warehouses?|lines?|shifts?|orders?|products?|services?|contracts?|deals?|"
    r"improv\w*|better|faster|fix|solve|cut|reduce|increase|save|worth|impact|affect\w*|mean for|help|"
    r"by hand|manual\w*|spreadsheets?|excel|paper|bank|banks|accounts?|invoices?|payments?|budgets?|forecasts?|inventory|stock|"
    r"hires?|hiring|recruit\w*|tickets?|campaigns?|leads?|pipeline|quota|compliance|audit\w*|"
    r"(?:most|much|rest) of (?:the|your) (?:week|day|time|year)|keeps? you up at night|leav(?:e|es|ing)|quit\w*|stay(?:s|ing)?|"
    r"employ\w*|admissions?|claims?|passengers?|students?|campus(?:es)?|denied|denials?|"
    r"how (?:do|does) (?:you|your [\w-]+(?: [\w-]+)?) (?:run|handle|manage|track|measure|decide|plan|price|staff|sell|market|"
    r"hire|train|buy|ship|approve|report|schedule|forecast|budget|process|onboard|recruit|serve|support)|"
    r"walk me through|what happens when)\b")


# --------------------------------------------------------------------------- form
_OPEN_REQUEST = _rx(
    r"^(?:(?:so|and|ok|okay|well|now|also|then|great|thanks)[,\s]+)*(?:please )?(?:tell|walk|talk|take|run|show) (?:me|us)\b",
    r"^(?:(?:so|and|ok|okay|well|now|also)[,\s]+)*(?:please )?(?:describe|explain|outline|share|paint|give me a (?:sense|picture|feel))\b",
    r"^(?:(?:so|and|ok|okay|well|now|also)[,\s]+)*help me understand\b",
    r"^(?:could|can|would|will) you (?:please )?(?:describe|explain|walk|talk|tell|take|share|outline|help me understand|give me|paint|expand|elaborate|say more|run me)\b",
    r"^(?:i'?d|i would) (?:love|like) to (?:hear|understand|know|learn)\b",
    r"^i'?m curious (?:about|how|what|why)\b",
)
METRIC = (r"(?:rate|rates|coverage|cycle|spend|cost|costs|revenue|revenues|oee|dso|dpo|ratio|margin|"
          r"margins|budget|headcount|turnover|attainment|backlog|score|nps|csat|percentage|volume|"
          r"size|count|number|target|quota|churn|attrition|yield|utili[sz]ation|accuracy|level|"
          r"levels|mttr|cac|aht|fcr|otif|sla|uptime|days|turns|spend|price|salary|payroll|arr|mrr)")
_AUX = (r"is|are|was|were|do|does|did|have|has|had|can|could|will|would|should|shall|may|"
        r"might|must|am|isn't|aren't|don't|doesn't|didn't|haven't|hasn't|won't|wouldn't|"
        r"can't|couldn't|shouldn't")
_LEAD_IN = (r"^(?:(?:so|and|but|ok|okay|well|now|also|then|right|great|thanks|just|quick question|roughly|"
            r"approximately|ballpark|about|out of curiosity|just to confirm|quick one|and roughly|on average)[,:\s-]+)*")
_CLOSED_START = re.compile(_LEAD_IN + rf"(?:{_AUX})\b", re.IGNORECASE)
_CLOSED_WH = _rx(
    _LEAD_IN + r"how (?:many|often|long|old|big|large|frequently|soon|far (?:ahead|out|back|in advance))\b",
    _LEAD_IN + r"(?:what|which)(?:'s| is| are| was)? (?:the |your )?(?:current |average |typical |usual |present |today's |approximate |rough |total |annual |monthly |weekly |overall |target |exact )*(?:number|percentage|percent|share|proportion|rate|ratio|count|size|volume|headcount|score|level|amount|figure|value|average|total|range)\b(?! of (?:the )?(?:problem|issue|impact|effect|cost|delay|work|time spent))",
    _LEAD_IN + r"what (?:percentage|percent|share|proportion|fraction|portion)\b",
    _LEAD_IN + r"what is the (?:name|version|date)\b",
    _LEAD_IN + r"which of (?:our|the|these|those|your) ",
    _LEAD_IN + r"(?:which|what) (?:[\w-]+ )?(?:erp|crm|ats|hris|hcm|wms|tms|mes|cmms|itsm|system|systems|software|tool|tools|platform|vendor|vendors|provider|carrier|bank|version|one)\b(?: [\w-]+){0,3} (?:do|does|are|is|did) (?:you|your|they|the)\b",
    _LEAD_IN + r"which (?:\w+ ){0,3}(?:do|does|is|are|did|would|will|should|can|could|shall)\b",
    _LEAD_IN + r"which (?:[\w-]+ ){1,3}(?:runs|handles|owns|manages|makes|supplies|provides|hosts|holds|signs|approves|does)\b",
    _LEAD_IN + r"who(?:'s| should| would| could)\b",
    _LEAD_IN + r"who (?:is|are|owns|signs|approves|makes|decides|runs|manages|leads|handles|reports|holds|has|else|would|will|do|does)\b",
    _LEAD_IN + r"who (?:on|in|at) (?:[\w'-]+ ){1,4}(?:owns|signs|approves|decides|runs|manages|leads|handles|is responsible|signs off)\b",
    _LEAD_IN + r"when (?:is|are|was|were|does|do|did|will|would)\b",
    _LEAD_IN + r"where(?:'s| is| are| was| should| can)\b",
    _LEAD_IN + r"what (?:year|month|day|date|time of year)\b",
    _LEAD_IN + r"what(?:'s|s| is| are| were| was) (?:your|the) (?:current|annual|blended|average|present|typical|total|monthly|weekly|yearly|approximate|overall) ",
    _LEAD_IN + r"what(?:'s|s| is| are| were| was) (?:your|the) (?!(?:reaction|take|view|thoughts|opinion|feeling|sense|experience|impression)\b)(?:[\w&/-]+ ){0,3}" + METRIC + r"(?: (?:today|right now|now|currently|at the moment|this (?:year|quarter|month)|last (?:year|quarter|month|fiscal year)|going into [\w ]+|on the [\w -]+|to the [\w -]+|for (?:the )?[\w -]+|across [\w -]+|per [\w -]+))?\s*[?,.]?",
    _LEAD_IN + r"what (?:industry|sector|country|currency|language|time ?zone|city|region|state)\b",
)
# a metric asked for on its own ("What's OEE across the plant right now?"): a single figure, unless
# the rest of the question asks what it does, costs or means
_METRIC_ASK = re.compile(_LEAD_IN + r"what(?:'s|s| is| are| was| were) (?:(?:your|the|our) )?"
                         r"(?!(?:you|we|they|i|it|that|this|there|making|behind|driving|causing|stopping|holding|"
                         r"keeping|happening|going|getting|being|reaction|take|view|thoughts|opinion|feeling|sense|"
                         r"experience|impression)\b)(?:[\w&/-]+ ){0,3}"
                         + METRIC.replace("rate|", "rate|resolution|time|") + r"\b(?P<rest>.*)$")
_METRIC_REST_OPEN = re.compile(r"\b(?:doing|do|does|mean|means|affect\w*|impact\w*|cost\w*|because|why|how|when|if|"
                               r"chang\w*|driv\w*|compared|versus|vs|and what|tell|trend\w*|lose|losing)\b")
_YESNO_AFTER_CLAUSE = re.compile(r"^(?:when|if|once|whenever|after|before|since) (?P<clause>[^?]{3,100}?),? "
                                 r"(?:does|do|is|are|will|would|can|could|has|have|did) "
                                 r"(?:that|it|this|they|you|your|the|those|these)\b")
_INFORMAL_YESNO = re.compile(r"^(?:mind if|do you mind|would you mind|any|want|wanna|interested|ready|keen|happy to|fancy|sound|sounds|make sense|"
                             r"any chance|anything else|ever|got|u want|you want|you guys|you still|still)\b")
_TRAILING_CHOICE = re.compile(r",\s*(?:[\w-]+ ){0,3}[\w-]+,? or (?:the |a |an )?(?:[\w-]+ ){0,3}[\w-]+\s*\??$")
_TRAILING_YESNO = re.compile(r"(?:,\s*(?:is|are|does|do|would|will|can|could) (?:that|it|this) (?:ok|okay|alright|all right|fine|"
                             r"good|work|suit)\b[^,]{0,20}$|\bwant me to \w+(?: \w+){0,3}\s*\??$|^how about\b|,\s*(?:would|could|is|does|do|have|has|are|can) (?:that|it|this|you|u) [^,]{0,40}\??$|^(?:good|nice|busy|great|fun) [\w-]+\s*\?$|[,:]\s*(?:so |then |and )?(?:shall|should|can|may) (?:i|we) [^,?]*\??$)")
# a second, open question after a closed one ("Has X gone up, and what have you done about it?")
_OPEN_PART = re.compile(r"(?:,|;|\band\b)\s+(?:if so,?\s+)?(?:what(?! (?:percentage|percent|share|is the number|number|year|date))|"
                        r"how(?! (?:many|much|often|long|big|old|soon))|why|tell me|walk me|describe)\b")


def _unless_open_part(low: str, form: str, why: str) -> tuple[str, list[str]]:
    open_part = _OPEN_PART.search(low)
    if open_part and _form(low[open_part.end() - len(open_part.group(0).split()[-1]):])[0] == "open":
        return "open", [f"{why}, but then asks '{open_part.group(0).strip(' ,;')} ...', which invites an explanation"]
    return form, [why]


_OPEN_OVERRIDE = _rx(
    r"\b(?:if|when|because|once|unless)\b", r"\b(?:slips?|get back|free up|comes? off|go away)\b",  # "how much/many ..." about cost, value or effect is open (labelling guide)
    r"\bcost(?:s|ing)?\b(?! (?:per|center|centre|code))", r"\bworth\b", r"\bimpact\b", r"\baffect(?:s|ed|ing)?\b",
    r"\beffect\b", r"\blos(?:e|es|ing|t)\b", r"\bsav(?:e|es|ing|ed)\b", r"\bmean for\b",
)
_COLON_CHOICE = re.compile(r":\s*[\w\s,'-]+,? or [\w\s'-]+\??$", re.IGNORECASE)
_CHOICE = re.compile(r"\b\w+(?: \w+){0,4},? or (?:is it |are they |do you |does it )?\w+(?: \w+){0,4}\s*\??$", re.IGNORECASE)
_NOT_CHOICE = re.compile(r"\bor (?:not|so|two|three|more|less|otherwise|anything|something|anyone|whatever)\b", re.IGNORECASE)

# --------------------------------------------------------------------------- stage
_IMPLICATION_FIRST = _rx(  # a bad event in a hypothetical is still a consequence, not a payoff
    r"\bwhat would (?:a|an|the|another|one more) (?:missed|late|failed|lost|delayed|bad|major|second|further|bigger) ",
    r"\bwhat (?:would|could) happen (?:to|if|when)\b", r"\bwhat would (?:[\w-]+ ){1,4}cost\b",
)
_PROBLEM_FIRST = _rx(  # asking for a cause is problem, even with "driving" in it
    r"\bwhat(?:'s|s| is| are) (?:driving|causing|behind)\b", r"\bwhat makes\b", r"\bwhat(?:'s|s| is) making\b",
)
_SITUATION_FIRST = _rx(  # describing a process is situation even when it says "what happens"
    r"^how (?:do|does) (?:[\w-]+ ){1,3}(?:report|log|track|record|raise|submit|route|triage|handle|manage) "
    r"(?:[\w-]+ ){0,2}(?:problems|issues|complaints|incidents|tickets|defects|errors|requests)\b"
    r"(?![^?]{0,40}\b(?:too|slow|late|struggl\w*|hard|wrong|behind)\b)",
    r"^(?:(?:so|and|ok|okay|now)[,\s]+)*(?:please )?(?:walk|talk|take|run) me through (?:what happens|how)\b",
    r"^(?:(?:so|and)[,\s]+)*what(?:'s|s| is| are| were) (?:your|the) (?:current|annual|blended|average|present|typical|total) ",
)
_NEED_PAYOFF = _rx(
    r"^(?:would|could|will|might|do you think|would you say|do you see)\b"
    r"(?! you (?:please )?(?:describe|tell|walk|explain|share|talk|outline|give|help me|run|take|say more|expand))(?:(?!\b(?:cost|hurt|delay|lose|risk|cut into|eat into)\b).){0,90}?"
    r"\b(?:help|helps|free(?:s)? up|save|saves|reduce|shorten|speed up|take (?:[\w-]+ ){0,3}off|ease|lift|raise|improve|boost|"
    r"prevent|avoid|make (?:it|life|things|a real|a) (?:easier|difference|simpler)|let (?:you|your|them)|give (?:you|your|them) back)\b",
    r"^how would (?:[\w-]+ ){1,10}(?:change|help|improve|shift|free up|save)\b(?!.*\b(?:losing|lost|missed|failed|failure|outage|breach|attack|late|delays?|another|worse)\b)",
    r"^(?:say|suppose|let'?s say|assume|picture) (?:you|your|the|that|for)\b",
    r"\b(?:would|could) (?:\w+ ){0,2}(?:cutting|getting|having|reducing|doubling|halving|freeing|catching|matching|letting|renegotiating|automating|improving|removing|eliminating|raising|lifting|shortening|speeding|fixing|closing|hitting|moving|giving|knowing|seeing|bringing|answering|resolving|filling|preventing|avoiding|standardi[sz]ing|consolidating|centrali[sz]ing)\b",
    r"\b(?:how|what) would (?!(?:missing|losing|failing|delaying|dropping|breaking|slipping|skipping|having to)\b)(?:\w+ing)\b", r"\bwould (?:a|an|one) (?:single|faster|shorter|better|real-time|automated|accurate|clean|complete|unified|shared|central|reliable)\b",
    r"\bif (?:\w+ ){1,4}(?:could|had|were able|was able|didn't|did not|no longer|never had to|were|was) (?!down\b|late\b|out\b|off\b)",
    r"\bhow much (?:faster|sooner|more|less|better|time|money|capacity|revenue|margin|risk) (?:\w+ ){0,6}(?:would|could|comes off|come off)\b",
    r"\bcomes? off the table\b", r"\bworth (?:a|making|the) (?:project|priority|investment|effort)\b",
    r"\bif (?:you|your|the|we|they|it|that|this|those|these) (?:\w+ ){0,3}(?:could|had|were able|was able|got|cut|halved|doubled|reduced|removed|eliminated|fixed|solved|improved|automated|closed|caught|knew|saw|took|didn't have to|did not have to|no longer|never)\b",
    r"\bif (?:you|your|the|we) (?:\w+ ){0,6}(?:went|came|dropped|fell|rose) (?:down|up|to|from|by)\b",
    r"\b(?:how|what|where|who|why|in what way|which) (?:\w+ ){0,8}(?:would|could) (?:it|that|this|those|these|you|your|a|an|the|they|faster|fewer|more|less|better)\b.{0,80}\b(?:help|mean|change|free|save|do|use|spend|reinvest|gain|benefit|improve|matter|look|allow|enable|let|make|worth|value|impact|affect|difference|redeploy|put|invest|happen)\b",
    r"\bwould (?:it|that|this) (?:help|be (?:useful|valuable|worth|helpful)|make a difference|matter)\b",
    r"\bwhat would (?:it|that|this) (?:be worth|mean|change|do|free up|save|give)\b",
    r"\bwhat (?:would|could) (?:you|your team|they|the team) do (?:with|if|differently)\b",
    r"\b(?:how|how much) (?:valuable|useful|important) would\b",
    r"\bwhat(?:'s| is| would be) (?:it|that) worth\b", r"\bworth to you\b",
    r"\bwhat difference would\b", r"\bimagine\b", r"\bideal(?:ly)?\b", r"\bin a perfect world\b",
    r"\bwhat would (?:success|good|better|great) look like\b", r"\bmagic wand\b",
    r"\bwhat would (?:it|that) mean\b", r"\bbenefit(?:s)? (?:of|from|would)\b",
    r"\bvalue (?:of|in) (?:fixing|solving|cutting|reducing|improving|getting|having|removing|being able)\b",
    r"\b(?:once|when) (?:this|that|it|the \w+) (?:is|was|were) (?:fixed|solved|resolved)\b",
    r"\bwhat would (?:you|your \w+) (?:gain|get|save|achieve)\b",
    r"\bwould (?:you|your \w+) (?:be able to|gain|save)\b",
    r"\bhow would (?:\w+ ){0,6}(?:faster|fewer|better|earlier|real-time|automated|accurate|reliable|quicker|shorter|lower|higher|more|less)\b",
)
_IMPLICATION = _rx(
    r"\b(?:affect|affects|affected|affecting|impact|impacts|impacted|impacting)\b",
    r"\b(?:forcing|forced|force|forces|pushing|pushed|push back|pushes|driving|drives|drove|held up|hold up|holding up|delay any|delayed any|delaying|tying up|tie up)\b(?! (?:by|for) (?:the|a))",
    r"\bshow(?:s|ed|ing|n)? up (?:in|on|as)\b", r"\b(?:eaten|eating|eats|ate|eat) into\b", r"\bdo(?:ing|ne) to\b",
    r"\bwhat effects?\b", r"\beffects? (?:has|have|did|does|do|on)\b", r"\bhow much (?:[\w-]+ ){0,8}because\b", r"\btrigger(?:s|ed|ing)?\b",
    r"\bpush(?:es|ed|ing)? (?:out|back)\b", r"^(?:has|have|did|does|do|is|are|was|were) .{3,80}\bcaus(?:ed|e|ing)\b", r"\bslips? away\b", r"\bchanged the plan\b",
    r"\bwhat (?:happens|happened|does that mean|does this mean|did that mean|do (?:those|these) \w+ mean)\b",
    r"\bwhat do(?:es)? (?:[\w-]+ ){0,10}cost(?:ing)?\b", r"\bcost (?:you|the (?:business|company|plant|team|firm|hospital|store|bank|county)|your)\b",
    r"\bhow much (?:\w+ ){0,6}(?:cost|costing|lose|losing|lost|spend on fixing|waste|wasting)\b",
    r"\b(?:costing|losing|lose|lost|wasting) (?:you|the business|the company|your business)\b", r"\bwhat(?:'s| is) the (?:cost|price|toll|knock-on|effect|consequence|impact)\b",
    r"\bknock-on\b", r"\bconsequence", r"\bripple", r"\bdownstream\b", r"\b(?:led|leads?|leading) to\b", r"\bresult(?:s|ed|ing)? in\b",
    r"\bmean for (?:you|your|the)\b", r"\bmean (?:for|to) (?:the|your|you)\b", r"\bwhat does (?:\w+ ){1,8}mean\b",
    r"\bpenalt(?:y|ies)\b", r"\bat risk\b", r"\bput (?:\w+ ){0,3}at risk\b",
    r"\bhow (?:does|do|did|has|have) (?:\w+ ){1,8}(?:hit|hurt|slow|delay|drag|show up|spill|feed into|flow into|play out|eat into|tie up)\b",
    r"\b(?:because of|as a result of) (?:that|this|those|these|the (?:delays?|backlog|errors?|downtime|outages?|turnover|stockouts?))\b",
    r"\bwhen (?:[\w&'-]+ ){1,6}(?:happens|goes down|stops|fails|slips|is late|are late|runs late|breaks|misses)\b.{0,60}\b(?:what|how|who)\b",
    r"\bwhat (?:does|did|has|do|would) (?:[\w$%-]+ ){0,10}(?:do to|done to|doing to)\b",
    r"\bhow (?:much|many) (?:[\w&'-]+ ){0,5}(?:did|do|does|have|has) (?:[\w&'-]+ ){0,4}(?:lose|lost|miss|missed|forfeit|write off|written off)\b",
    r"\bhow (?:much|many) (?:revenue|margin|business|money|time|deals|customers|members|patients|orders|sales)\b(?: \w+){0,5} (?:lost|missed|at risk|wasted|slips?|slipping|slipped|leaks?|leaking)\b",
)
_PROBLEM = _rx(
    r"\bchallenge", r"\bproblem", r"\bissue(?:s)?\b", r"\bdifficult", r"\bhard(?:er|est)? (?:to|for|part)\b",
    r"\bstruggl", r"\bfrustrat", r"\bpain(?:s|ful)?\b", r"\bbottleneck", r"\bheadache", r"\bobstacle",
    r"\bwhat (?:gets|got|is getting|stands) in the way\b", r"\bworr(?:y|ied|ies|ying)\b", r"\bconcern",
    r"\bdissatisf", r"\bunhappy\b", r"\b(?:happy|satisfied|comfortable|confident) (?:with|about)\b",
    r"\b(?:not|isn't|aren't|doesn't|don't|never) (?:working|work|going well|keeping up|keep up|enough|good enough|reliable|accurate)\b",
    r"\bgo(?:es)? wrong\b", r"\bwent wrong\b", r"\bfall(?:s|ing)? (?:short|behind|apart|through)\b",
    r"\bwhat(?:'s| is) (?:stopping|holding|slowing|blocking|causing|driving)\b",
    r"\b(?:root )?cause(?:s|d)?\b", r"\bwhy (?:do|does|did|is|are|was|were|has|have|can't|don't|doesn't|aren't|isn't|wasn't|weren't|won't|haven't|hasn't|didn't)\b",
    r"\bwhere (?:do|does|did|is|are) (?:[\w-]+ ){0,10}(?:break down|go wrong|get stuck|getting stuck|slip|fall|stall|lose|leak)\b",
    r"\b(?:higher|lower|longer|slower|more|less|fewer|worse|bigger|larger|smaller|shorter|thinner|weaker) than "
    r"(?:you'?d|youd|you would|you want|you planned|planned|expected|you expected|budget|target|your target|it should|"
    r"they should|you need|normal|usual)\b",
    r"\b(?:below|above) (?:where|what) (?:you|your)\b", r"\boverspend\w*", r"\bunpredictab\w*", r"\bunreliab\w*",
    r"\binconsisten\w*", r"\btrouble\b", r"\bhard(?:er|est)? (?:about|with)\b", r"\blet(?:s|ting)? (?:\w+ )?down\b",
    r"\bstand(?:s|ing)? between\b", r"\bignor(?:e|es|ed|ing)\b", r"\bargu(?:e|ing|ment)", r"\bfriction\b",
    r"\bhad (?:any |a |an )?(?:[\w-]+ )?(?:incidents?|breach(?:es)?|outages?|issues|problems|complaints|findings|failures?|escalations)\b",
    r"\bwhy (?:they|people|customers|staff|reps|employees|agents|deals|clients|members|patients|candidates)\b",
    r"\bso (?:thin|slow|high|low|long|hard|expensive|unpredictable|often)\b", r"\bwhy so\b", r"\binstead of\b",
    r"\b(?:grown|risen|increased|climbed|crept up|worsened|gone up) since\b", r"\b(?:main|real|biggest) reasons?\b",
    r"\b(?:delay|delays|delayed|late|slow|slower|slowest|backlog|errors?|mistakes?|complain|complaints|miss(?:ed|es|ing)?|fail(?:s|ed|ing|ure)?|break(?:s|down|downs)|stuck|leak|overdue|bottlenecks?)\b",
    r"\b(?:too (?:many|much|long|slow|high|low)|keeps? (?:slipping|missing|happening|growing))\b",
    r"\bworse\b", r"\bgotten? worse\b", r"\bbiggest (?:gap|risk|weakness|drag|complaint|headache)\b",
    r"\bwhat (?:would you|do you) (?:change|fix|improve)\b", r"\bwhat (?:have|has) (?:you|your team|they) tried\b",
    r"\bkeep(?:s)? you up at night\b", r"\bgaps?\b", r"\bweak(?:ness|est)?\b", r"\bshortage", r"\bturnover\b",
    r"\brisk(?:s|y)?\b", r"\bwaste(?:d)?\b", r"\bfirefight", r"\bloss(?:es)?\b", r"\bcome(?:s)? from\b",
    r"\bwrong\b", r"\bdrop(?:s|ped|ping)? (?:out|off)\b", r"\bcomplain", r"\bthrew off\b", r"\bthrow(?:s|n)? off\b",
    r"\bdrag(?:s|ging)?\b", r"\bgone (?:up|down)\b", r"\bdropped\b", r"\boff by\b", r"\bslipp?(?:ing|ed|s)?\b",
    r"\bbehind\b(?! (?:you|us|them|me)\b)", r"\bkeep(?:s|ing)? (?:\w+ ){1,4}from\b", r"\bstand(?:s|ing)? in the way\b", r"\bhardest\b",
    r"\btired of\b", r"\bbroken\b", r"\bmore frequent\b", r"\bslow(?:s|ed|ing|er|est)?\b", r"\blosing\b", r"\bstall",
    r"\bsurprises?\b", r"\bcoping\b", r"\bpil(?:e|es|ing) up\b", r"\bget(?:s|ting)? in the way\b", r"\bworst\b",
    r"\bstill (?:producing|working|doing|slipping|happening)\b", r"\bdowntime\b", r"\boutages?\b", r"\bstockouts?\b",
)

# --------------------------------------------------------------------------- flags
_LEADING = _rx(
    r"\b(?:wouldn't|would not|don't|do not|doesn't|isn't|aren't|won't|shouldn't|can't) you (?:agree|think|say|want|feel)\b",
    r"\bisn't it (?:true|fair|obvious|clear|time)\b", r"\bwouldn't it be\b", r"\bdon't you\b.{0,40}\b(?:agree|think)\b",
    r"\byou(?:'d| would) agree\b", r"\bsurely\b", r"\bobviously\b", r"\bagree that\b",
    r",\s*(?:right|correct|yeah|no|isn't it|don't you|wouldn't you)\s*\?\s*$", r"\bwouldn't you\b", r"\bisn't that\b", r"\bdoesn't it make sense\b",
    r"\bwhy wouldn't you\b", r"\bi'?m sure you\b", r"\bi bet\b",
)
_RESEARCHABLE = _rx(
    r"\bhow many (?:employees|people (?:work|do you employ|are employed)|staff (?:do you have|work)|workers does the company)\b",
    r"\bwhat(?:'s| is) (?:your|the company's|the) (?:total )?(?:headcount|annual revenue|revenue|turnover of the company)\b",
    r"\bwhat (?:does|do) (?:your company|your organi[sz]ation|your firm|your business|the company|you guys|you) (?:do|sell|make)\b\s*\??$",
    r"\bwhat industry\b", r"\bwhere (?:is|are) (?:your|the company's|you) (?:headquarter|based|located|hq)",
    r"\bwho(?:'s| is) (?:your|the) (?:ceo|founder|chief executive)\b", r"\bwhen was (?:the|your) (?:company|firm|business) (?:founded|started)\b",
    r"\bare you (?:a )?(?:public|private|publicly traded|listed)\b", r"\bhow big is (?:your|the) (?:company|organi[sz]ation|firm)\b",
    r"\bwhat (?:products|services) do you (?:sell|offer|make)\b", r"\bhow (?:old|large) is the company\b",
)
_CLICHE = _rx(
    r"\bkeep(?:s)? you up at night\b", r"\bmagic wand\b", r"\bmoney (?:was|were) no object\b",
    r"\blow[- ]hanging fruit\b", r"\bbiggest pain points?\b", r"\bwhat are your pain points\b",
    r"\bmove the needle\b", r"\bwhat does success look like\b",
)
_STACK_JOIN = re.compile(
    r"(?:,|;|\band\b|\bor\b|\balso\b|\bplus\b|-)\s+(?:(?:also|then|if so|if not|and)\s*,?\s+)?"
    r"(?:what|how|why|who|when|where|which|do you|does it|does the|did you|are you|are they|is it|is there|"
    r"is the|have you|has the|has it|can you|could you|would you|will you)\b",
    re.IGNORECASE)
_WH_START = re.compile(_LEAD_IN + r"(?:what|how|why|who|when|where|which|" + _AUX + r"|tell|walk|describe|explain)\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class QuestionAnalysis:
    """The engine's reading of one question, with the evidence behind every label."""

    question: str
    domain: str | None
    orientation: str
    form: str
    stage: str | None
    flags: tuple[str, ...] = ()
    evidence: dict[str, list[str]] = field(default_factory=dict)
    domain_scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the ``analyze --json`` contract."""
        return {"question": self.question, "domain": self.domain,
                "orientation": self.orientation, "form": self.form, "stage": self.stage,
                "flags": list(self.flags), "evidence": {k: list(v) for k, v in self.evidence.items()}}

    def explain(self) -> str:
        """One line per label: what was decided and why."""
        lines = []
        for key in ("orientation", "domain", "form", "stage", "flags"):
            value = getattr(self, key)
            if key == "flags":
                value = ", ".join(value) or "none"
            why = "; ".join(self.evidence.get(key, [])) or "-"
            lines.append(f"{key}: {value if value is not None else '-'} ({why})")
        return "\n".join(lines)


def _first(rx: re.Pattern[str], text: str) -> str | None:
    m = rx.search(text)
    return m.group(0).strip() if m else None


def _domain(text: str, catalog: Catalog) -> tuple[str | None, dict[str, float], list[str]]:
    lex = build_lexicon(catalog)
    toks = tokens(text)
    scores: dict[str, float] = {}
    hits: dict[str, list[str]] = {}
    matches = lex.match(toks)
    unresolved: list[str] = []

    def add(dom: str, weight: float, n_words: int, span: str) -> None:
        # a multi-word phrase is more specific than a single word
        scores[dom] = scores.get(dom, 0.0) + weight * (1.0 + 0.25 * (n_words - 1))
        hits.setdefault(dom, []).append(span)

    spans = [(text[toks[a].start:toks[b - 1].end], e) for a, b, e in matches]
    for span, entry in spans:
        if len(entry.weights) == 1:
            (dom, weight), = entry.weights.items()
            add(dom, weight, len(entry.stems), span)
    # ambiguous terms follow the clear vocabulary, not the weak background words
    context = dict(scores)
    used = {i for a, b, _ in matches for i in range(a, b)}
    for i, dom, weight in lex.background_hits(toks, used):
        add(dom, weight, 1, toks[i].text)
    for span, entry in spans:
        if entry.ambiguous:
            ranked = sorted(entry.weights.items(),
                            key=lambda kv: (-context.get(kv[0], 0.0), -kv[1], kv[0]))
            (best, weight), runner_up = ranked[0], ranked[1]
            if context.get(best, 0.0) == context.get(runner_up[0], 0.0) and \
                    weight == runner_up[1]:
                unresolved.append(span)
                continue
            add(best, weight * AMBIGUOUS_FACTOR, len(entry.stems), span)
    if not scores:
        if unresolved:
            words = ", ".join(f"'{u}'" for u in unresolved)
            return None, {}, [f"{ONLY_AMBIGUOUS} ({words}): no single domain; add context"]
        return None, {}, ["no domain vocabulary found: a general business question"]
    ranked_d = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, top = ranked_d[0]
    runner = ranked_d[1][1] if len(ranked_d) > 1 else 0.0
    if top < DOMAIN_THRESHOLD:
        words = ", ".join(f"'{h}'" for h in hits[best])
        return None, scores, [f"only weak terms ({words}): no single domain"]
    evidence = [f"{', '.join(repr(h) for h in dict.fromkeys(hits[best]))} -> {best} ({top:.2f})"]
    if runner:
        second = ranked_d[1][0]
        evidence.append(f"also {', '.join(repr(h) for h in dict.fromkeys(hits[second]))} -> "
                        f"{second} ({runner:.2f})")
    return best, scores, evidence


@lru_cache(maxsize=4)
def _offering_names(catalog: Catalog) -> re.Pattern[str] | None:
    names = sorted({o.name for o in catalog.offerings.values() if len(o.name) > 3}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE) if names else None


# A thing that does work for the prospect, named with "the", "this" or "a" ("the app matched POs",
# "a screen that re-sequences orders"): the seller's product, unless the words around it show it is
# the prospect's own ("the order portal went down", "a stronger self-service portal", "the app launched").
_ARTEFACT = re.compile(r"\b(?P<before>(?:[\w-]+ ){0,2})(?:the|this|a|an) (?:[\w-]+ ){0,3}(?:app|platform|tool|plug-?in|connector|portal|"
                       r"optimi[sz]er|screen|chatbot|bot|module|dashboard|widget|engine|assistant|feature)\b(?P<after>(?: [\w-]+){0,3})")
_OWN_ARTEFACT = re.compile(r"\b(?:is down|was down|went down|goes down|launched|went in|went live|pilot|outage|crashed|failed|"
                           r"stronger|better|new|current|existing|old|legacy|in-house|spreadsheets?|or|you use|you have|they use|uptime|slows?|"
                           r"slowed|slow|down)\b|'s\b")


def _seller_artefact(text: str) -> str | None:
    for m in _ARTEFACT.finditer(text):
        around = f"{m.group('before') or ''} {m.group(0)} {m.group('after')}"
        if not _OWN_ARTEFACT.search(around):
            return m.group(0).strip()
    return None


ONLY_AMBIGUOUS = "only ambiguous terms"  # domain vocabulary was found, but no single domain
STRONG_DOMAIN = 1.5  # this much domain vocabulary means business, whatever else is said


def _orientation(text: str, catalog: Catalog, domain_strength: float = 0.0) -> tuple[str, list[str]]:
    names = _offering_names(catalog)
    named = names.search(text) if names else None
    if named:
        return "product", [f"names a product: '{named.group(0)}'"]
    text = text.lower()
    pitch = _first(_PITCH, text)
    if pitch:
        return "product", [f"pitch or product talk: '{pitch}'"]
    personal = _first(_OTHER_FIRST, text)
    if personal:
        return "other", [f"small talk or meeting logistics: '{personal}'"]
    artefact = _seller_artefact(text)
    if artefact:
        return "product", [f"talks about a tool doing the work: '{artefact}'"]
    if domain_strength >= STRONG_DOMAIN:
        return "business", ["about the prospect's organisation, not the product"]
    small = _first(_OTHER, text)
    if small:
        return "other", [f"small talk or meeting logistics: '{small}'"]
    if not domain_strength and not _BUSINESS_ANCHOR.search(text):
        return "other", ["nothing ties it to the prospect's business: small talk"]
    return "business", ["about the prospect's organisation, not the product"]


def _last_question(low: str) -> str:
    """The part of a multi-sentence turn that asks something ("Our pricing is per user; shall
    I walk you through the tiers?"): the form is that of the question, not of the preamble."""
    parts = [p.strip() for p in re.split(r"(?<=[.;!])\s+|\s+-\s+", low) if p.strip()]
    if len(parts) < 2:
        return low
    asked = [p for p in parts if p.endswith("?")]
    last = asked[-1] if asked else parts[-1]
    return last if len(last.split()) >= 3 else low


def _form(text: str) -> tuple[str, list[str]]:
    low = _last_question(text.lower())
    head = _first(_OPEN_REQUEST, low)
    if head:
        return "open", [f"invites an explanation: '{head}'"]
    closed = _first(_CLOSED_WH, low)
    if closed and re.match(_LEAD_IN + r"(?:who|which|where)\b", low) and re.search(r"\bwould\b", low) \
            and re.search(r"\bif\b", low):
        return "open", ["a hypothetical 'which/who would ... if' invites an explanation"]
    if closed and "how much" not in closed:
        return _unless_open_part(low, "closed", f"asks for a single fact or figure: '{closed}'")
    if low.lstrip().startswith(("how much", "so how much", "and how much")):
        cost = _first(_OPEN_OVERRIDE, low)
        if cost:
            return "open", [f"'how much' about cost or effect ('{cost}') invites an explanation"]
        return "closed", ["'how much' asks for a single figure"]
    if closed:
        return _unless_open_part(low, "closed", f"asks for a single fact or figure: '{closed}'")
    metric = _METRIC_ASK.match(low)
    if metric and len(metric.group("rest").split()) <= 8 and not _METRIC_REST_OPEN.search(metric.group("rest")):
        return "closed", [f"asks for one figure: '{metric.group(0)[:60].strip()}'"]
    yesno = _YESNO_AFTER_CLAUSE.match(low)
    if yesno and not re.search(r"\b(?:what|how|why|which|who|where)\b", yesno.group("clause")):
        return "closed", ["a yes-or-no question after a 'when/if' clause"]
    if _TRAILING_CHOICE.search(low) and not _NOT_CHOICE.search(low):
        return "closed", ["ends by offering named options to pick from"]
    informal = _INFORMAL_YESNO.match(low) or _TRAILING_YESNO.search(low)
    if informal:
        return "closed", [f"answerable with yes or no: '{informal.group(0).strip(' ,?')}'"]
    aux = _first(_CLOSED_START, low)
    if aux:
        return _unless_open_part(low, "closed", f"starts with '{aux.split()[-1]}': answerable with yes or no")
    if _COLON_CHOICE.search(low) or (_CHOICE.search(low) and not _NOT_CHOICE.search(low)
                                      and not _WH_START.match(low)):
        return "closed", ["offers named options to pick from"]
    return "open", ["invites the prospect to explain"]


# A count of something that went wrong ("How many hours of downtime did line 3 log last month?")
# asks for a fact: situation, unless it also says what is wrong with it.
_COUNT_ASK = re.compile(_LEAD_IN + r"(?:how many|how much|what(?:'s|s| is| was| were) (?:your|the) (?:[\w-]+ ){0,3}"
                        r"(?:rate|number|count|level|percentage|total))\b")
_FACT_NOUNS = frozenset({"downtime", "outage", "outages", "stockout", "stockouts", "backlog", "error", "errors",
                         "complaint", "complaints", "delay", "delays", "turnover", "late", "breakdowns",
                         "breakdown", "failures", "failure", "risk", "risks", "missed", "escalations"})


def _stage(text: str) -> tuple[str, list[str]]:
    low = text.lower()
    if _first(_SITUATION_FIRST, low):
        return "situation", [f"describes how things work today: '{_first(_SITUATION_FIRST, low)}'"]
    for name, rx in (("problem", _PROBLEM_FIRST), ("implication", _IMPLICATION_FIRST), ("need_payoff", _NEED_PAYOFF),
                     ("implication", _IMPLICATION), ("problem", _PROBLEM)):
        hit = _first(rx, low)
        if hit and name == "problem" and hit in _FACT_NOUNS and _COUNT_ASK.match(low):
            return "situation", [f"a count of '{hit}' is a fact about today"]
        if hit:
            label = {"need_payoff": "value of solving it", "implication": "consequence of a problem",
                     "problem": "a difficulty or its cause"}[name]
            return name, [f"{label}: '{hit}'"]
    return "situation", ["facts about how things are done today"]


def _flags(text: str) -> tuple[tuple[str, ...], list[str]]:
    low = text.lower()
    flags, why = [], []
    marks = [m for m in re.finditer(r"\?", low)]
    stacked = None
    if len(marks) >= 2 and low[marks[0].end():].strip(" ?"):
        stacked = "more than one question mark"
    else:
        m = _STACK_JOIN.search(low)
        subordinate = re.match(r"^(?:when|if|once|after|before|since|as|while|whenever|because)\b", low)
        if m and subordinate and m.group(0).lstrip().startswith(","):
            m = None
        if m and re.search(r"\bbetween\b(?:\s+\S+){0,8}\s*$", low[:m.start()]):
            m = None  # "the gap between X and what Y": one question
        if m and _WH_START.match(low) and len(low[m.end():].split()) >= 3:
            stacked = f"a second question joined by '{m.group(0).strip()}'"
    if stacked:
        flags.append("stacked")
        why.append(f"stacked: {stacked}; ask one thing at a time")
    for name, rx, advice in (
        ("leading", _LEADING, "it puts words in the prospect's mouth"),
        ("researchable", _RESEARCHABLE, "look this up before the call"),
        ("cliche", _CLICHE, "a stock phrase buyers have heard too often"),
    ):
        hit = _first(rx, low)
        if hit:
            flags.append(name)
            why.append(f"{name}: '{hit}': {advice}")
    return tuple(flags), why


def analyze_question(text: str, *, catalog: Catalog | None = None) -> QuestionAnalysis:
    """Analyse one question by the labelling guide; see :class:`QuestionAnalysis`.

    Raises :class:`TypeError` for anything but a string and :class:`~kit.errors.InputError`
    (a ``ValueError``) for an empty or over-long question.
    """
    if not isinstance(text, str):
        raise TypeError(f"a question must be a string, got {type(text).__name__}")
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(f"question is {len(text):,} characters long; the limit is "
                         f"{MAX_QUESTION_CHARS:,}")
    clean = normalize(text)
    if not clean:
        raise InputError("question is empty")
    catalog = catalog or load_catalog()
    domain, scores, d_ev = _domain(clean, catalog)
    # ambiguous vocabulary ("overtime": hr or operations) still ties the question to the business
    strength = max(scores.values(), default=0.0) or (0.01 if d_ev[0].startswith(ONLY_AMBIGUOUS) else 0.0)
    orientation, o_ev = _orientation(clean, catalog, strength)
    form, f_ev = _form(clean)
    flags, fl_ev = _flags(clean)
    if orientation == "business":
        stage, s_ev = _stage(clean)
    else:
        stage, s_ev = None, [f"no SPIN stage: a {orientation} question"]
        if domain is not None:
            d_ev = [f"not counted: a {orientation} question has no business domain", *d_ev]
        domain = None
    return QuestionAnalysis(clean, domain, orientation, form, stage, flags,
                            {"orientation": o_ev, "domain": d_ev, "form": f_ev, "stage": s_ev,
                             "flags": fl_ev}, scores)
