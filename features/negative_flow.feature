@profile:flow
Feature: Negative battery: reply ids and senders that are almost right
  A tap acts only when its reply id is exactly one the implementation put on the card and
  it comes from the operator the card was sent to. Each wrong id and sender below is
  derived from the right one for a way such a comparison is commonly written wrong
  (docs/negative-battery.md). Structural ids are MUSTs like RPL-006 and RPL-007: the
  grammar gives them no decision on this card. Normalised ids and other senders are
  SHOULDs like FLW-023: only a foreign system's buttons or a copied card can carry them.

  # extra-segment: split(":") read by position; inserted-segment: first and last parts
  # read; action-missing, action-empty: a prefix test with a default action;
  # shortened-id, extended-id: records looked up by prefix; other-kind: the kind
  # ignored; unknown-id: a digest-form id that names no draft.
  @NEG-006 @MUST @line:X2 @line:D5
  Scenario Outline: A reply id the approve button does not carry sends nothing to the prospect
    Given an opted-in operator who received the draft card for "opp-6006"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the operator taps "approve" with its reply id changed to <variant>
    Then nothing was sent to any prospect

    Examples:
      | variant          |
      | extra-segment    |
      | inserted-segment |
      | action-missing   |
      | action-empty     |
      | shortened-id     |
      | extended-id      |
      | other-kind       |
      | unknown-id       |

  @NEG-007 @MUST @line:X2 @line:D3
  Scenario Outline: A reply id the draft button does not carry brings no draft card
    Given an opted-in operator who received the opportunity card for "opp-6007"
    When the operator taps "draft" with its reply id changed to <variant>
    Then nothing more was sent

    Examples:
      | variant          |
      | extra-segment    |
      | inserted-segment |
      | action-missing   |
      | action-empty     |
      | shortened-id     |
      | extended-id      |
      | other-kind       |
      | unknown-id       |

  # Compared after lower()/upper() or strip(): Meta returns the id exactly as it was sent.
  @NEG-008 @SHOULD @line:X2
  Scenario Outline: A reply id is matched exactly, not normalised
    Given an opted-in operator who received the draft card for "opp-6008"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the operator taps "approve" with its reply id changed to <variant>
    Then nothing was sent to any prospect

    Examples:
      | variant      |
      | upper-action |
      | upper-kind   |
      | padded       |

  # The operator's profile name compared instead of the sender id; the last nine digits
  # compared (the country code ignored); startswith or "in" over numbers; the sender
  # checked only when "from" is there (a username user has only from_user_id). Every
  # such sender is opted in, so only who they are can stop the tap. A tap from the
  # operator's number with another from_user_id is not among them: Meta rotates
  # business-scoped user ids (the user_id_update notification), so it may be theirs.
  @NEG-009 @SHOULD @line:D5 @line:S6
  Scenario Outline: A tap by anyone but the card's operator has no effect, however close their id
    Given an opted-in operator who received the draft card for "opp-6009"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the draft card's "approve" is tapped by <who>
    Then nothing was sent to any prospect

    Examples:
      | who                                       |
      | another number with the operator's name   |
      | same-local-number                         |
      | longer-number                             |
      | shorter-number                            |
      | a username user with the operator's name  |

  # Ownership checked on the sender only, not on the record the id names.
  @NEG-010 @SHOULD @line:D5 @line:S6
  Scenario: The operator's tap on another operator's draft card has no effect
    Given an opted-in operator
    And another operator who received the draft card for "opp-6010", its prospect opted in
    And live sending is on
    When the operator taps "approve" on the other operator's draft card for "opp-6010"
    Then nothing was sent to any prospect
