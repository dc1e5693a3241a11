"use client";
import type { ComponentProps } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { SelectField, TextAreaField, TextField } from "./field";

// A field bound to a react-hook-form form by name: it registers itself and shows its own error,
// so a form states each field once (id, label, hints), not its wiring.

type Bound<T extends FieldValues, Out> = { form: UseFormReturn<T, unknown, Out>; name: Path<T> };

function errorOf<T extends FieldValues, Out>(form: UseFormReturn<T, unknown, Out>, name: string) {
  const error = name
    .split(".")
    .reduce<unknown>(
      (at, key) => (at as Record<string, unknown> | undefined)?.[key],
      form.formState.errors,
    );
  return (error as { message?: string } | undefined)?.message;
}

export function FormTextField<T extends FieldValues, Out = T>({
  form,
  name,
  ...props
}: Bound<T, Out> & Omit<ComponentProps<typeof TextField>, "name" | "error" | "form">) {
  return <TextField {...props} error={errorOf(form, name)} {...form.register(name)} />;
}

export function FormSelectField<T extends FieldValues, Out = T>({
  form,
  name,
  ...props
}: Bound<T, Out> & Omit<ComponentProps<typeof SelectField>, "name" | "error" | "form">) {
  return <SelectField {...props} error={errorOf(form, name)} {...form.register(name)} />;
}

export function FormTextAreaField<T extends FieldValues, Out = T>({
  form,
  name,
  ...props
}: Bound<T, Out> & Omit<ComponentProps<typeof TextAreaField>, "name" | "error" | "form">) {
  return <TextAreaField {...props} error={errorOf(form, name)} {...form.register(name)} />;
}
