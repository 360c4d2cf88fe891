// Package calc is the pure computation under data/figures: the figures of a period (buyers,
// revenue, repeat rates, Pareto), each customer's stats (lifecycle segment, RFM class,
// level, purchase cycle), cohorts, monthly trends and histograms. It sees orders as plain
// values and never touches the store, so every rule is tested without a database.
package calc
