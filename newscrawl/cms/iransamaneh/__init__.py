"""The IranSamaneh CMS (asrpress, tabnak, asriran, yjc, kayhan …)."""
