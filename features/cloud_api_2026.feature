@profile:replay
Feature: The Cloud API of 2026: business-scoped user ids, usernames, today's statuses
  Meta addresses users by business-scoped user id (BSUID) as well as by phone. A user
  who adopted a username may arrive with no phone at all; statuses carry contacts and
  recipient_user_id; some notifications carry no contacts. Each shape is answered 200
  and handled; sources are in docs/cloud-api.md.

  @BSU-001 @MUST @line:B1 @line:D3
  Scenario: A username-only operator's tap is acted on and answered by recipient
    Given an opted-in username-only operator
    When the harness presents opportunity "opp-5001" to the operator
    Then the operator received the opportunity card for "opp-5001"
    When the username-only operator taps "draft"
    Then the webhook answer is 200
    And the operator received a draft card
    And every send to the operator named them by recipient

  @BSU-002 @MUST @line:B2 @line:W1
  Scenario: Statuses with contacts without profile (as captured) are answered 200
    Given an opted-in operator who received the opportunity card for "opp-5002"
    When the card's statuses "sent", "delivered" and "read" arrive with bare contacts
    Then the webhook answer is 200
    And nothing more was sent

  @BSU-003 @MUST @line:B2 @line:W1
  Scenario: Statuses with contacts with profile (as documented) are answered 200
    Given an opted-in operator who received the opportunity card for "opp-5003"
    When the card's statuses "sent", "delivered" and "read" arrive with profile contacts
    Then the webhook answer is 200
    And nothing more was sent

  @BSU-004 @MUST @line:B2 @line:W1
  Scenario: Statuses of a send by recipient, without recipient_id, are answered 200
    Given an opted-in username-only operator
    And the harness tried to present opportunity "opp-5004" to the operator
    When the card's statuses "sent", "delivered" and "read" arrive with bare contacts
    Then the webhook answer is 200
    And nothing more was sent

  @BSU-005 @MUST @line:B2 @line:X3
  Scenario: A failed status without contacts (as documented) becomes an alert
    Given an opted-in operator who received the opportunity card for "opp-5005"
    When the card fails with 131026 and no contacts
    Then the webhook answer is 200
    And an alert with code 131026 was raised

  @BSU-006 @MUST @line:B2 @line:X3
  Scenario: A failed status with a wa_id-only contact (as captured) becomes an alert
    Given an opted-in operator who received the opportunity card for "opp-5006"
    When the card fails with 131026 and a wa_id-only contact
    Then the webhook answer is 200
    And an alert with code 131026 was raised

  @BSU-007 @MUST @line:B3 @line:W1
  Scenario: A system message about a changed number (no contacts) is answered 200
    Given an opted-in operator
    When a system message "user_changed_user_id" arrives about the operator
    Then the webhook answer is 200
    And nothing more was sent

  @BSU-008 @MUST @line:B3 @line:W1
  Scenario: The older system message form is answered 200
    Given an opted-in operator
    When a system message "user_changed_number" arrives about the operator
    Then the webhook answer is 200
    And nothing more was sent

  @BSU-009 @MUST @line:B3 @line:W1
  Scenario: A value.errors notification (no messages, no contacts) is answered 200
    Given an opted-in operator
    When a value.errors notification with code 130429 arrives
    Then the webhook answer is 200
    And nothing more was sent

  @BSU-010 @SHOULD @line:B3 @line:W1
  Scenario: A user_id_update notification is answered 200
    Given an opted-in operator
    When a user_id_update notification arrives about the operator
    Then the webhook answer is 200
    And nothing more was sent
