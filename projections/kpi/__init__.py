"""KPI views (DOMAIN §7): one family of figures per kind of record, each a projection of facts
per record and a pure function from those facts to the figures of one period and department."""
