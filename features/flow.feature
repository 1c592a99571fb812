@profile:flow
Feature: The operator flow end to end in the sandbox
  Control commands set up the state, signed button taps drive the flow, and the
  fake Graph API shows what would have reached WhatsApp. Nothing reaches a prospect
  without opt-in, operator approval and live sending.

  @FLW-001 @MUST @line:S6 @line:S4
  Scenario: Nothing is sent to an operator who has not opted in
    Given an operator who has not opted in
    When the harness presents opportunity "opp-5001" to the operator
    Then nothing was sent

  @FLW-002 @MUST @line:S5 @line:C1
  Scenario: An opted-in operator receives the step-1 card
    Given an opted-in operator
    When the harness presents opportunity "opp-5002" to the operator
    Then the operator received the opportunity card for "opp-5002"

  @FLW-003 @MUST @line:S5 @line:D3 @line:C2
  Scenario: Tapping «رسالة» sends the step-2 draft card
    Given an opted-in operator who received the opportunity card for "opp-5003"
    When the operator taps "draft" with a valid signature
    Then the operator received a draft card
    And nothing was sent to the prospect

  @FLW-004 @MUST @line:D1 @line:S6
  Scenario: Accept sends nothing to the prospect
    Given an opted-in operator who received the opportunity card for "opp-5004"
    And the prospect has opted in
    And live sending is on
    When the operator taps "accept" with a valid signature
    Then nothing was sent to the prospect

  @FLW-005 @SHOULD @line:D1
  Scenario: Accept goes down the draft path
    Given an opted-in operator who received the opportunity card for "opp-5005"
    When the operator taps "accept" with a valid signature
    Then the operator received a draft card

  @FLW-006 @MUST @line:D2 @line:S6
  Scenario: Skip sends nothing to the prospect
    Given an opted-in operator who received the opportunity card for "opp-5006"
    And the prospect has opted in
    And live sending is on
    When the operator taps "skip" with a valid signature
    Then nothing was sent to the prospect

  @FLW-007 @MUST @line:D6
  Scenario Outline: Edit and cancel send nothing to the prospect
    Given an opted-in operator who received the draft card for "opp-5007"
    And the prospect has opted in
    And live sending is on
    When the operator taps "<action>" with a valid signature
    Then nothing was sent to the prospect

    Examples:
      | action |
      | edit   |
      | cancel |

  @FLW-008 @MUST @line:D4
  Scenario: Schedule before accept or draft is refused and sends nothing
    Given an opted-in operator who received the opportunity card for "opp-5008"
    And the prospect has opted in
    And live sending is on
    When the operator taps "schedule" with a valid signature
    Then nothing was sent to the prospect
    And no card was sent to the operator
    And no meeting draft was made

  @FLW-009 @MUST @line:D4
  Scenario: Schedule after accept makes a meeting draft, never a send to the prospect
    Given an opted-in operator who received the opportunity card for "opp-5009"
    And the prospect has opted in
    And live sending is on
    When the operator taps "accept" with a valid signature
    And the operator taps "schedule" with a valid signature
    Then nothing was sent to the prospect
    And a meeting draft was made

  @FLW-010 @MUST @line:S3 @line:D5
  Scenario: Approve with live sending left unset sends nothing to the prospect
    Given an opted-in operator who received the draft card for "opp-5010"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect

  @FLW-011 @SHOULD @line:D5
  Scenario: Approve with live sending off tells the operator why
    Given an opted-in operator who received the draft card for "opp-5011"
    And the prospect has opted in
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect
    And an alert was raised

  @FLW-012 @MUST @line:S3
  Scenario: Approve with live sending switched off sends nothing to the prospect
    Given an opted-in operator who received the draft card for "opp-5012"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is off
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect

  @FLW-022 @MUST @line:S3
  Scenario: Live sending configured as "false" stays off
    Given the implementation runs with WHATSAPP_ALLOW_LIVE_SEND set to "false"
    And an opted-in operator who received the draft card for "opp-5022"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect

  @FLW-013 @MUST @line:S6 @line:S4 @line:D5
  Scenario: Approve without the prospect's opt-in sends nothing (no cold outreach)
    Given an opted-in operator who received the draft card for "opp-5013"
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect

  @FLW-014 @MUST @line:D5
  Scenario: Approve without the prospect's opt-in raises an alert
    Given an opted-in operator who received the draft card for "opp-5014"
    And live sending is on
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect
    And an alert was raised

  @FLW-015 @MUST @line:D5 @line:S5
  Scenario: Approve with opt-in, live sending and an open window sends exactly one message
    Given an opted-in operator who received the draft card for "opp-5015"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the operator taps "approve" with a valid signature
    Then exactly 1 message was sent to the prospect

  @FLW-016 @MUST @line:D5
  Scenario: Approve after cancel sends nothing to the prospect
    Given an opted-in operator who received the draft card for "opp-5016"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the operator taps "cancel" with a valid signature
    And the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect

  @FLW-017 @MUST @line:X3
  Scenario: A 131047 failure outside the 24-hour window reaches the alerts
    Given an opted-in operator who received the draft card for "opp-5017"
    And the prospect has opted in
    And the prospect last wrote 25 hours ago
    And live sending is on
    When the operator taps "approve" with a valid signature
    Then an alert with code 131047 was raised

  @FLW-018 @MUST @line:X3
  Scenario: A 130429 rate limit on a send reaches the alerts
    Given an opted-in operator who received the draft card for "opp-5018"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    And the Graph API answers every send to the prospect with 130429
    When the operator taps "approve" with a valid signature
    Then an alert with code 130429 was raised

  # Meta answers 130429 until the number is back within its per-second throughput, and the
  # one retry schedule it publishes waits 4^X seconds, 1 s first: a short, spaced, bounded
  # backoff passes; a third attempt within one second, or a sixth at all, is a storm. The
  # check watches until no attempt came for 2 s, at most 8 s (docs/negative-battery.md), or
  # until the target answers settle, which it does once its retries are done.
  @FLW-019 @MUST @line:X3
  Scenario: A 130429 rate limit causes no retry storm
    Given an opted-in operator who received the draft card for "opp-5019"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    And the Graph API answers every send to the prospect with 130429
    When the operator taps "approve" with a valid signature
    Then at most 5 sends were attempted to the prospect, never 3 within 1 second

  @FLW-020 @SHOULD @line:X3
  Scenario: A 131026 undeliverable failure reaches the alerts
    Given an opted-in operator who received the draft card for "opp-5020"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    And the Graph API reports every send to the prospect as undeliverable
    When the operator taps "approve" with a valid signature
    Then an alert with code 131026 was raised

  @FLW-025 @MUST @line:X3
  Scenario: Several failed statuses in one change each reach the alerts
    Given an opted-in operator who received the draft card for "opp-5025"
    When failed statuses with codes 131047 and 131026 arrive in one change
    Then an alert with code 131047 was raised
    And an alert with code 131026 was raised

  @FLW-023 @SHOULD @line:D5 @line:S6
  Scenario: A tap by someone other than the operator who received the card has no effect
    Given an opted-in operator who received the draft card for "opp-5023"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    When another opted-in number taps "approve" on the operator's card
    Then nothing was sent to the prospect

  @FLW-024 @SHOULD @line:D5
  Scenario: Approving the same draft twice sends it once
    Given an opted-in operator who received the draft card for "opp-5024"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the operator taps "approve" with a valid signature
    And the operator taps "approve" with a valid signature
    Then exactly 1 message was sent to the prospect

  @FLW-021 @SHOULD @line:I1
  Scenario: An unknown control command is answered 400
    When the harness sends the control command "teleport"
    Then the control answer is 400 with a JSON error
