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
