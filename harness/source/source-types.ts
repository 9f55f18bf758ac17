/**
 * Users and groups as Entra holds them (the source side of a provisioning job).
 * Attribute names are Entra's (userPrincipalName, mailNickname, …) so mapping expressions read
 * like the portal's.
 */

export interface SourceUser {
  readonly objectId: string;
  readonly userPrincipalName: string;
  readonly mailNickname: string;
  readonly displayName: string;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly mail?: string | null;
  readonly jobTitle?: string | null;
  readonly department?: string | null;
  readonly employeeId?: string | null;
  readonly mobile?: string | null;
  readonly telephoneNumber?: string | null;
  readonly facsimileTelephoneNumber?: string | null;
  readonly streetAddress?: string | null;
  readonly postalCode?: string | null;
  readonly physicalDeliveryOfficeName?: string | null;
  /** false = "blocked from sign-in": provisioned as a disable (docs/entra-behaviour.md#disable-enable). */
  readonly accountEnabled: boolean;
  /** objectId of the manager in the source directory. */
  readonly managerId?: string | null;
  /** In the recycle bin: Entra's computed IsSoftDeleted is true, so the user is disabled. */
  readonly isSoftDeleted?: boolean;
}

export interface SourceGroup {
  readonly objectId: string;
  readonly displayName: string;
  readonly mailNickname: string;
  readonly description?: string | null;
  /** objectIds of direct member users (nested groups are not provisioned: docs/entra-behaviour.md#group-members). */
  readonly memberIds: readonly string[];
  readonly isSoftDeleted?: boolean;
}

/** A directory as a file holds it (`--source directory.json`), validated by directory-schema.json. */
export interface SourceDirectoryData {
  readonly users: readonly SourceUser[];
  readonly groups: readonly SourceGroup[];
  /**
   * objectIds of users and groups assigned to the application. Members of an assigned group are
   * in scope too. Absent = every user and group is assigned.
   */
  readonly assignments?: readonly string[];
}

export type SourceObjectType = 'User' | 'Group';

/** What changed since a watermark: what an incremental cycle (Graph delta query) sees. */
export interface SourceChanges {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Hard-deleted since the watermark: they no longer exist in the source. */
  readonly hardDeletedUsers: readonly string[];
  readonly hardDeletedGroups: readonly string[];
  /** Groups whose member list changed, with the member ids added and removed. */
  readonly membershipChanges: readonly {
    readonly groupId: string;
    readonly added: readonly string[];
    readonly removed: readonly string[];
  }[];
  readonly watermark: number;
}
