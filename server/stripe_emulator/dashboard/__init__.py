"""The emulator's Customers page in a browser (`/_emulator/dashboard`)."""
