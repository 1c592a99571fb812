@profile:invariants
Feature: Invariants over the whole run
  Judged last, over every message the implementation sent while the other checks ran.

  @INV-001 @MUST @line:T1 @line:X1
  Scenario: No message sent during the run had more than 3 buttons
    Then no message sent during the run had more than 3 buttons

  @INV-002 @MUST @line:C4
  Scenario: No message sent during the run broke the Cloud API schema
    Then no message sent during the run broke the Cloud API schema

  @INV-003 @MUST @line:S6 @line:S4
  Scenario: Nothing sent during the run went to a number that was not opted in
    Then nothing sent during the run went to a number that was not opted in

  @INV-004 @INFO @line:C4
  Scenario: Every message sent during the run is of a kind the fake Graph API models
    Then every message sent during the run is of a kind the fake Graph API models
