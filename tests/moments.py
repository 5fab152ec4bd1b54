"""Moments the clock tests start from and advance to (UTC midnights of 2026), and spans."""

APR_1 = 1_775_001_600  # 2026-04-01T00:00:00Z
MAY_1 = 1_777_593_600
JUN_1 = 1_780_272_000
JUL_1 = 1_782_864_000
DAY = 86_400
HOUR = 3_600
