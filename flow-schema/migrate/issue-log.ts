import type { ImportIssue } from "./import-issue";

export interface IssueWhere {
  nodeId?: string;
  path?: string;
}

/** Collects import issues in the order they are found. */
export class IssueLog {
  readonly issues: ImportIssue[] = [];

  warn(message: string, where: IssueWhere = {}): void {
    this.add("warning", message, where);
  }

  error(message: string, where: IssueWhere = {}): void {
    this.add("error", message, where);
  }

  add(severity: ImportIssue["severity"], message: string, where: IssueWhere = {}): void {
    const issue: ImportIssue = { severity, message };
    if (where.nodeId !== undefined) issue.nodeId = where.nodeId;
    if (where.path !== undefined) issue.path = where.path;
    this.issues.push(issue);
  }
}
