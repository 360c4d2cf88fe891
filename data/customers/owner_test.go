package customers

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"huitouke/data/clock"
)

// The writes other packages make inside their own transaction land as the card reads them.
func TestOwnerWritesInTheCallersTransaction(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 15, 9, 30, 0, 0, clock.ShopZone)
	var complaint int64
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		w, err := NewCustomerWriter(ctx, tx)
		if err != nil {
			return err
		}
		for _, c := range []NewCustomer{
			{ID: 7, Name: "林静", Platform: "taobao", Created: at, Phone: "13800000007", PhoneNormalized: "13800000007", Tags: []string{"老顾客", "送礼"}},
			{ID: 8, Name: "周**", NameMasked: true, Platform: "jd", Created: at, Phone: "138****0008", PhoneMasked: true, Tags: []string{"老顾客"},
				DoNotContact: true, DNCReason: "客户要求", DNCAt: "2026-11-01"},
		} {
			if err := w.Write(c); err != nil {
				return err
			}
		}
		if err := w.Close(); err != nil {
			return err
		}
		if err := InsertReferral(ctx, tx, 7, 8, at, "朋友推荐"); err != nil {
			return err
		}
		if _, err := InsertFeedback(ctx, tx, NewFeedback{CustomerID: 7, Scores: Scores{Delivery: 5, Service: 2}}, at); err != nil {
			return err
		}
		if _, err := InsertComplaintAs(ctx, tx, NewComplaint{CustomerID: 7, What: "包装破损", Severity: SeverityHigh}, at,
			ComplaintState{Status: StatusResolved, Resolution: "已补发", ResolvedAt: at.Add(5 * time.Hour)}); err != nil {
			return err
		}
		if complaint, err = InsertComplaint(ctx, tx, NewComplaint{CustomerID: 7, What: "发错颜色", Severity: SeverityNormal}, at); err != nil {
			return err
		}
		return MarkComplaintAnswered(ctx, tx, complaint)
	})
	if err != nil {
		t.Fatal(err)
	}

	c, err := Load(ctx, st, 7)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "林静" || len(c.Phones) != 1 || c.Phones[0].Normalized != "13800000007" || len(c.Tags) != 2 {
		t.Fatalf("customer 7: %+v", c.Customer)
	}
	if len(c.Referred) != 1 || c.Referred[0].ID != 8 {
		t.Errorf("referred %+v", c.Referred)
	}
	if len(c.Feedback) != 1 || c.Feedback[0].Delivery != 5 || c.Feedback[0].CreatedAt != "2026-11-15 09:30:00" {
		t.Errorf("feedback %+v", c.Feedback)
	}
	status := map[string]Complaint{}
	for _, k := range c.Complaints {
		status[k.What] = k
	}
	if k := status["包装破损"]; k.Status != StatusResolved || k.ResolvedAt != "2026-11-15 14:30:00" || k.DeadlineAt != "2026-11-16 09:30:00" {
		t.Errorf("resolved complaint %+v", k)
	}
	if k := status["发错颜色"]; k.Status != StatusAnswered {
		t.Errorf("answered complaint %+v", k)
	}
	d, err := Load(ctx, st, 8)
	if err != nil {
		t.Fatal(err)
	}
	if !d.NameMasked || !d.DoNotContact || d.DNCAt != "2026-11-01" || !d.Phones[0].Masked || d.Referrer == nil || d.Referrer.ID != 7 {
		t.Errorf("customer 8: %+v", d.Customer)
	}
}
