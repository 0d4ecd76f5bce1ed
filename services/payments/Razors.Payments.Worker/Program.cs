using Razors.Payments.Worker;

// The payments outbox change-stream worker: one ECS Fargate task (see PaymentsWorkerHost).
var builder = Host.CreateApplicationBuilder(args);
builder.AddPaymentsOutboxWorkerHost();
await builder.Build().RunAsync();
