"""The built-in update templates: SBAR and CAN for each audience, and the announcement.

PRACTICE.md: SBAR (situation, background, assessment, recommendation) and CAN (conditions,
actions, needs) are structures people can act on. Each audience gets its own filling of them:
responders the whole picture, executives the impact and the decisions, support what customers
see and what to tell them, customers the stage and nothing internal. The announcement says
what, how bad, who leads and where the call and the channel are.

`{fact}` is filled from the record (cockpit.core.update_facts.FACTS); `‹...›` marks what the
Incident Commander writes, and the composer will not post it unwritten without asking (an
answer to a deferred question, `{asked}`, not at all). Never a time of resolution: the only
time an update promises is its next update, and none once the incident is over.
"""

from __future__ import annotations

from cockpit.core.vocabulary import Audience

R, E, S, C = Audience.RESPONDERS, Audience.EXEC, Audience.SUPPORT, Audience.CUSTOMERS

SBAR: dict[Audience, str] = {
    R: """\
{incident} {severity} · {title}: update for responders
SITUATION: {summary}
Impact: {impact}
BACKGROUND: started {started}; declared {declared}. Recent changes: {changes}
Tried:
{tried}
ASSESSMENT: phase {phase}. Milestones: {milestones}. In flight: {mitigation}
Open questions:
{questions}
RECOMMENDATION: ‹what we do next, and who›
Roles: {roles}
{next_line}""",
    E: """\
{incident} {severity} · {title}: update for executives
SITUATION: {impact}
Severity {severity}: {severity_definition}
BACKGROUND: started {started}; declared {declared}.
ASSESSMENT: {milestones}. In flight: {mitigation}. Tried so far:
{tried}
RECOMMENDATION: ‹the decision or the risk you need from them, if any›
Questions you asked:
{asked}
IC: {ic}. {next_line}""",
    S: """\
{incident} {severity} · {title}: update for support
SITUATION: customers see: {impact}
BACKGROUND: started {started}. Status page: {status_page}
ASSESSMENT: phase {phase}. Milestones: {milestones}. In flight: {mitigation}
RECOMMENDATION: tell customers: ‹what to tell them, and a workaround if there is one›
{next_line}""",
    C: """\
{stage}: issues affecting {affected}
{stage_statement} {customer_impact}
‹what customers can do meanwhile, if anything›
{next_line}""",
}

CAN: dict[Audience, str] = {
    R: """\
{incident} {severity} · {title}: CAN report
CONDITIONS: {impact}
Severity {severity}, phase {phase}. Milestones: {milestones}.
Open questions:
{questions}
ACTIONS: in flight: {mitigation}
Tried:
{tried}
Tasks:
{tasks}
NEEDS: {needs}
‹what else we need: people, decisions, access›
Roles: {roles}
{next_line}""",
    E: """\
{incident} {severity} · {title}: CAN report for executives
CONDITIONS: {impact}. Milestones: {milestones}.
ACTIONS: {mitigation}
NEEDS: ‹a decision, approval or people, if any›
Questions you asked:
{asked}
IC: {ic}. {next_line}""",
    S: """\
{incident} {severity} · {title}: CAN report for support
CONDITIONS: customers see: {impact}. Status page: {status_page}
ACTIONS: {mitigation}
NEEDS: ‹what support should watch for or tell us›
{next_line}""",
    C: """\
{stage}: {stage_statement}
Affected: {affected}. {customer_impact}
What we are doing: {doing}
What you can do: ‹a workaround, if there is one›
{next_line}""",
}

ANNOUNCEMENT: dict[Audience, str] = {
    a: """\
{incident} {severity} - {service} - {title}
Declared {declared}. Incident Commander: {ic}.
Impact: {impact}
Call: {call} · Channel: {channel}
Told: {notify}
{next_line}"""
    for a in (R, E, S)
}

# The all-clear (cockpit all-clear, the screen's A): the final update, once resolved. It says
# it is the final one instead of when the next comes (PRACTICE.md, "Ending it").
ALL_CLEAR: dict[Audience, str] = {
    R: """\
{incident} {severity} · {title}: all clear, final update
Resolved. The impact was: {impact}
Declared {declared}.
What fixed it: ‹the fix, in a sentence›
Tried:
{tried}
The responders are stood down: thank you all. Follow-ups and the postmortem come next.
This is the final update.""",
    E: """\
{incident} {severity} · {title}: all clear, final update for executives
Resolved. The impact was: {impact}
Declared {declared}. Incident Commander: {ic}.
What fixed it: ‹the fix, in a sentence›
Next: the postmortem and its follow-ups. This is the final update.""",
    S: """\
{incident} {severity} · {title}: all clear, final update for support
Resolved: customers no longer see: {impact}
Status page: {status_page}
Tell customers: ‹what to tell them now, if anything›
This is the final update.""",
    C: """\
{stage}: {stage_statement}
Affected: {affected}. {doing}
‹anything customers should do now, if anything›
Thank you for your patience. This is the final update on this incident.""",
}
