using Razors.Messaging;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Features.CancelPayment;

/// <summary>
/// The customer cancelled the direct debit. Load, decide, write conditionally on the loaded
/// version. A lost race is retried once with a fresh load, because the usual rival is the saga
/// cancelling the same payment, after which this cancel finds it cancelled; losing twice answers
/// <see cref="CancelPaymentResult.Conflict"/>.
/// </summary>
public sealed class CancelPaymentHandler(IPaymentStore store, IIdGenerator ids, TimeProvider time)
{
    public const int MaxAttempts = 2;

    public async Task<CancelPaymentResult> HandleAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var payment = await store.GetAsync(paymentId, cancellationToken);
            if (payment is null || payment.IsTombstone())
            {
                return new CancelPaymentResult.NotFound();
            }

            var now = time.GetUtcNow();
            if (CancelPaymentDecider.Decide(payment, PaymentCancellationReasons.CustomerRequested, now) is not CancelDecision.Cancel cancel)
            {
                return new CancelPaymentResult.AlreadyCancelled(payment);
            }

            var change = new PaymentChange(cancel.After, payment.Version, [PaymentEvents.ToOutbox(cancel.Event, cancel.After, ids.NewId(), now)]);
            if (await store.SaveAsync(change, cancellationToken) == SaveResult.Saved)
            {
                return new CancelPaymentResult.Cancelled(cancel.After);
            }
        }

        return new CancelPaymentResult.Conflict();
    }
}
