"""Reports over the read models: KPI figures by period and department."""
