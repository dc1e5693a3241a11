/** One numbered step of the Mirror, a titled card ("done" in the success colours). */
export function StepSection({
  id,
  title,
  tone = "plain",
  children,
}: {
  id: string;
  title: string;
  tone?: "plain" | "done";
  children: React.ReactNode;
}) {
  const done = tone === "done";
  return (
    <section
      aria-labelledby={id}
      className={
        done
          ? "rounded-lg border border-emerald-200 bg-emerald-50 p-5"
          : "rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      }
    >
      <h2
        id={id}
        className={`text-base font-semibold ${done ? "text-emerald-900" : "text-brand-900"}`}
      >
        {title}
      </h2>
      {children}
    </section>
  );
}
