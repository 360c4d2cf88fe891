package customers

import (
	"context"
	"database/sql"

	"huitouke/data/figures"
)

// attachPrediction puts the customer's stored purchase predictions (docs/DOMAIN.md section
// 12) on the card, when the last recompute stored any.
func attachPrediction(ctx context.Context, tx *sql.Tx, card *Card) error {
	p, ok, err := figures.CustomerPredictionsTx(ctx, tx, card.ID)
	if err != nil || !ok {
		return err
	}
	card.Prediction = &p
	return nil
}

// Prediction is a customer's stored purchase predictions.
type Prediction = figures.StoredPrediction
