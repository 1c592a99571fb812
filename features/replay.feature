@profile:replay
Feature: Recorded and repeated notifications
  Every notification Meta may deliver is acknowledged with 200, handled fully, and
  acted on once; nothing unexpected is ever sent because of it.

  @RPL-001 @MUST @line:W1
  Scenario: Every recorded payload, signed, is answered 200
    When every recorded payload is delivered with a valid signature
    Then every recorded payload was answered 200

  @RPL-002 @MUST @line:X2 @line:S6
  Scenario: Replaying the recorded payloads sends nothing to anyone
    When every recorded payload is delivered with a valid signature
    Then nothing was sent

  @RPL-003 @MUST @line:W1
  Scenario: A statuses-only notification is answered 200
    Given an opted-in operator who received the opportunity card for "opp-4003"
    When statuses "sent", "delivered" and "read" arrive for the card
    Then the webhook answer is 200

  @RPL-004 @MUST @line:W1
  Scenario: Statuses out of order are answered 200
    Given an opted-in operator who received the opportunity card for "opp-4004"
    When statuses "read" and "delivered" arrive for the card
    Then the webhook answer is 200

  @RPL-005 @MUST @line:W1 @line:D3
  Scenario: A batch of taps in one POST is handled fully
    Given an opted-in operator who received the opportunity card for "opp-4005"
    And the operator received the opportunity card for "opp-4006"
    When the operator's "draft" taps on both cards arrive in one batch
    Then the webhook answer is 200
    And the operator received 2 draft cards

  @RPL-012 @SHOULD @line:W1 @line:D3
  Scenario: Several taps in one change are each handled
    Given an opted-in operator who received the opportunity card for "opp-4012"
    And the operator received the opportunity card for "opp-4013"
    When the operator's "draft" taps on both cards arrive in one change
    Then the webhook answer is 200
    And the operator received 2 draft cards

  @RPL-006 @MUST @line:X2
  Scenario: An unknown button id causes no send
    Given an opted-in operator who received the opportunity card for "opp-4007"
    When the operator taps a button with the id "confirm:A12"
    Then the webhook answer is 200
    And nothing more was sent

  @RPL-007 @MUST @line:X2
  Scenario: A reply for an opportunity the implementation never presented causes no send
    Given an opted-in operator
    When the operator taps a button with the id "opp:never-presented:draft"
    Then the webhook answer is 200
    And nothing more was sent

  @RPL-008 @MUST @line:W1
  Scenario: The same tap delivered twice is acted on once
    Given an opted-in operator who received the opportunity card for "opp-4008"
    When the operator's "draft" tap is delivered twice
    Then the operator received 1 draft card

  @RPL-010 @MUST @line:W1
  Scenario: The same tap delivered twice at the same time is acted on once
    Given an opted-in operator who received the opportunity card for "opp-4010"
    When the operator's "draft" tap is delivered twice at the same time
    Then the operator received 1 draft card

  @RPL-011 @MUST @line:W1
  Scenario Outline: The same message id redelivered in other bytes is acted on once
    Given an opted-in operator who received the opportunity card for "opp-4011"
    When the operator's "draft" tap is delivered again <bytes>
    Then the operator received 1 draft card

    Examples:
      | bytes                               |
      | inside another batch                |
      | with other key order and spacing    |

  @RPL-009 @SHOULD @line:W1
  Scenario: A tap without contacts[].user_id (the legacy shape) is acted on
    Given an opted-in operator who received the opportunity card for "opp-4009"
    When the operator taps "draft" in the legacy shape without user_id
    Then the webhook answer is 200
    And the operator received a draft card

  # Negative battery (docs/negative-battery.md): reply ids and senders derived from the
  # right ones, each for a way such a comparison is commonly written wrong. Structural ids
  # are MUSTs like RPL-006 and RPL-007: the grammar gives them no decision on this card.
  # Normalised ids and other senders are SHOULDs like FLW-023: only a foreign system's
  # buttons or a copied card can carry them.

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
