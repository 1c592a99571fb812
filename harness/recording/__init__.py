"""Record real conversations through a tap, scrubbed before they touch disk, and replay them."""
