// Package predict is the pure core of the purchase predictions (docs/DOMAIN.md,
// "Predictions"): each customer's (x, t_x, T) from the paid orders, the BG/NBD model of
// repeat purchasing and drop-out (Fader, Hardie & Lee 2005, "Counting your customers the
// easy way") and the Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
// "RFM and CLV"), fitted by maximum likelihood, and the per-customer predictions they give.
// It never sees the store.
package predict
