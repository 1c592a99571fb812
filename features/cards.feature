@profile:cards
Feature: Opportunity and draft cards
  The step-1 and step-2 cards an implementation builds: three reply buttons each,
  within the Cloud API's limits, with stable reply ids in the design's grammar.
  Cards come from build_opportunity_card / build_draft_card when the target offers
  them, otherwise from what the implementation actually sends to the operator.

  @BTN-001 @MUST @line:T1 @line:X1
  Scenario: The opportunity card has at most 3 reply buttons
    Given an opportunity "opp-1001"
    When the harness obtains the opportunity card
    Then the card has at most 3 reply buttons

  @BTN-002 @MUST @line:T1 @line:X1
  Scenario: The draft card has at most 3 reply buttons
    Given an opportunity "opp-1002"
    When the harness obtains the draft card
    Then the card has at most 3 reply buttons

  @BTN-003 @MUST @line:C1 @line:S5
  Scenario: The opportunity card offers accept, skip and draft in the id grammar
    Given an opportunity "opp-1003"
    When the harness obtains the opportunity card
    Then the reply ids are exactly "accept", "skip" and "draft" of the opportunity

  @BTN-004 @MUST @line:C2 @line:S5
  Scenario: The draft card offers approve, edit and cancel in the id grammar
    Given an opportunity "opp-1004"
    When the harness obtains the draft card
    Then the reply ids are exactly "approve", "edit" and "cancel" of one draft

  @BTN-005 @MUST @line:T3 @line:C4
  Scenario: Every button title is 1 to 20 characters, counted in code points
    Given an opportunity "opp-1005"
    When the harness obtains the opportunity card and the draft card
    Then every button title is 1 to 20 characters long

  @BTN-006 @MUST @line:C4
  Scenario: Button titles are unique within a card
    Given an opportunity "opp-1006"
    When the harness obtains the opportunity card and the draft card
    Then the button titles of each card are unique

  @BTN-007 @MUST @line:C4
  Scenario: Reply ids are at most 256 characters without surrounding spaces
    Given an opportunity "opp-1007"
    When the harness obtains the opportunity card and the draft card
    Then every reply id is 1 to 256 characters without surrounding spaces

  @BTN-008 @MUST @line:C4
  Scenario: The body text is present and at most 1024 characters
    Given an opportunity "opp-1008"
    When the harness obtains the opportunity card and the draft card
    Then every card has a body text of 1 to 1024 characters

  @BTN-009 @MUST @line:C4 @line:X1
  Scenario: Cards pass the Cloud API schema of the fake Graph API
    Given an opportunity "opp-1009"
    When the harness obtains the opportunity card and the draft card
    Then every card passes the Cloud API schema

  @BTN-010 @MUST @line:C4
  Scenario: A very long summary still yields a card within the limits
    Given an opportunity "opp-1010" with a summary of 3000 characters
    When the harness obtains the opportunity card
    Then every card passes the Cloud API schema

  @BTN-011 @MUST @line:C4
  Scenario: A very long opportunity id still yields reply ids within 256 characters
    Given an opportunity with an id of 300 characters
    When the harness obtains the opportunity card
    Then every reply id is 1 to 256 characters without surrounding spaces

  @BTN-012 @MUST @line:T2
  Scenario: Reply ids are stable for the same opportunity across builds
    Given an opportunity "opp-1012"
    When the harness obtains the opportunity card twice
    Then both builds have the same reply ids

  @BTN-013 @MUST @line:T2
  Scenario: Different opportunities never share a reply id
    Given an opportunity "opp-1013"
    And an opportunity "opp-1014"
    When the harness obtains the opportunity card of each
    Then the cards share no reply id

  @BTN-014 @MUST @line:T2
  Scenario: Reply ids are stable for the same draft across builds
    Given a draft "d-1015" of opportunity "opp-1015"
    When the harness builds the draft card twice
    Then both builds have the same reply ids

  @BTN-015 @MUST @line:T2
  Scenario: Different drafts never share a reply id
    Given a draft "d-1016" of opportunity "opp-1016"
    And a draft "d-1017" of opportunity "opp-1017"
    When the harness builds the draft card of each
    Then the cards share no reply id

  @BTN-016 @SHOULD @line:T3 @line:C1
  Scenario: The opportunity card uses the design's Arabic labels
    Given an opportunity "opp-1018"
    When the harness obtains the opportunity card
    Then the button titles are "قبول", "تخطي" and "رسالة"

  @BTN-017 @SHOULD @line:T3 @line:C2
  Scenario: The draft card uses the design's Arabic labels
    Given an opportunity "opp-1019"
    When the harness obtains the draft card
    Then the button titles are "اعتماد", "تعديل" and "إلغاء"
