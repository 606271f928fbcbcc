import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';

// The zod the scaffolder uses (`zod/v3` of its own zod install), taken from
// its types so that schemas built here match it exactly.
type SchemaFactory = NonNullable<
  NonNullable<TemplateActionOptions['schema']>['input']
>[string];

/** The zod instance the scaffolder hands to schema factories. */
export type Zod = Parameters<SchemaFactory>[0];
export type ZodSchema = ReturnType<SchemaFactory>;

/**
 * Keeps the zod schema the scaffolder builds from an action's schema factory
 * so the handler can parse its input with the same schema. The task engine
 * only checks the derived JSON schema (and applies no defaults), and direct
 * callers check nothing, so every handler parses again.
 */
export class InputParser<S extends ZodSchema> {
  private built?: S;

  constructor(private readonly factory: (z: Zod) => S) {}

  readonly schema = (z: Zod): S => {
    this.built = this.factory(z);
    return this.built;
  };

  parse(input: unknown): S['_output'] {
    if (!this.built) {
      throw new Error('the action schema has not been built');
    }
    const result = this.built.safeParse(input);
    if (!result.success) {
      const issues = result.error.issues
        .slice(0, 5)
        .map((issue: { path: (string | number)[]; message: string }) => {
          // zod echoes the received value in some messages; keep them short.
          const message =
            issue.message.length > 160
              ? `${issue.message.slice(0, 160)}…`
              : issue.message;
          return `${issue.path.join('.').slice(0, 80) || 'input'}: ${message}`;
        })
        .join('; ');
      throw new InputError(`invalid input: ${issues}`);
    }
    return result.data;
  }
}

/** Outputs every mesh action produces, shaped for `publish:github:pull-request` / `publish:gitlab:merge-request`. */
export const meshActionOutput = (z: Zod) =>
  z.object({
    files: z
      .array(z.string())
      .describe('Repository-relative paths of the manifests written'),
    prTitle: z.string().describe('Pull request title'),
    prBody: z
      .string()
      .describe(
        'Pull request body (markdown): generated files, role decision, checks',
      ),
    role: z
      .string()
      .describe('The role the requester acted as: mesh-admin or developer'),
    reviewers: z
      .array(z.string())
      .describe(
        'Users to request a review from (mesh admins when admin-owned paths are touched)',
      ),
    teamReviewers: z
      .array(z.string())
      .describe(
        'Teams to request a review from (the mesh-admin team when admin-owned paths are touched)',
      ),
    adminOwned: z
      .boolean()
      .describe('Whether any file lies under the mesh-admin paths'),
  });
