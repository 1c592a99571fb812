# A scenario written by QA with the harness's steps (`wa-harness steps` lists them).
# Run it next to the built-in checks:
#   wa-harness run --features harness/examples/features
# Tags: a check id of three capital letters, a dash and three digits; a level;
# a profile; the checklist lines it enforces.
@profile:flow
Feature: QA scenarios about messages to prospects

  @QAS-001 @MUST @line:S6 @line:D5
  Scenario: Approving a draft for a prospect who never opted in sends the prospect nothing and alerts the operator
    Given an opted-in operator who received the draft card for "opp-9001"
    And the prospect wrote within the last 24 hours
    And live sending is on
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect
    And an alert was raised
