/**
 * The label and hint of a field as the template writes them, so a custom
 * field reads like the form's own fields: the title (or the property name)
 * as the label, the description as the hint under it.
 */
export function fieldLabels(
  schema: { title?: string; description?: string },
  name: string,
): { label: string; hint?: string } {
  return {
    label: schema.title ?? name,
    ...(schema.description ? { hint: schema.description } : {}),
  };
}
