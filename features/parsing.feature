@profile:cards
Feature: Parsing button replies
  parse_button_reply maps every reply id of the cards back to its decision, and
  treats everything else as unknown without raising.

  @PRS-001 @MUST @line:C3 @line:T2
  Scenario: Every opportunity reply id round-trips through parse_button_reply
    Given an opportunity "opp-2001"
    When the harness obtains the opportunity card
    Then every reply id parses back to the opportunity and its action

  @PRS-002 @MUST @line:C3 @line:T2
  Scenario: Every draft reply id round-trips through parse_button_reply
    Given a draft "d-2002" of opportunity "opp-2002"
    When the harness builds the draft card
    Then every reply id parses back to the draft and its action

  @PRS-003 @MUST @line:C3
  Scenario Outline: Opportunity ids with Arabic, digits and dashes round-trip
    Given an opportunity "<opportunity_id>"
    When the harness obtains the opportunity card
    Then every reply id parses back to the opportunity and its action

    Examples:
      | opportunity_id      |
      | فرصة-١٢٣            |
      | 2024-11-25-0042     |
      | عميل-7-الرياض       |
      | opp:with:colons     |

  @PRS-004 @MUST @line:C3 @line:X2
  Scenario Outline: parse_button_reply never raises and answers unknown for foreign input
    Given a message that is <shape>
    When parse_button_reply is given the message
    Then it answers unknown without raising

    Examples:
      | shape                                   |
      | a text message                          |
      | a list reply with a foreign id          |
      | a template button with a foreign payload |
      | a button reply with a foreign id        |
      | a button reply without an id            |
      | an interactive message without a reply  |
      | an empty object                         |
      | a button reply with a numeric id        |

  # Negative battery (docs/negative-battery.md): ids the grammar gives no decision.
  # extra-segment: split(":") read by position; action-missing, action-empty: a prefix
  # test with a default action; other-kind: the kind ignored.
  @NEG-011 @MUST @line:C3 @line:X2
  Scenario Outline: parse_button_reply gives no decision for an id the grammar gives none
    Given an opportunity "opp-6011"
    When the harness obtains the opportunity card and the draft card
    Then no reply id changed to <variant> parses to a decision

    Examples:
      | variant        |
      | extra-segment  |
      | action-missing |
      | action-empty   |
      | other-kind     |

  # Compared after case-folding or strip(): Meta returns the id exactly as it was sent.
  @NEG-012 @SHOULD @line:C3
  Scenario Outline: parse_button_reply matches reply ids exactly, not normalised
    Given an opportunity "opp-6012"
    When the harness obtains the opportunity card and the draft card
    Then no reply id changed to <variant> parses to a decision

    Examples:
      | variant      |
      | upper-action |
      | upper-kind   |
      | padded       |
