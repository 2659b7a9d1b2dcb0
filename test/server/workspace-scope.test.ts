import { expect } from 'chai';
import request from 'supertest';
import { Agent, type Dispatcher } from 'undici';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';

/**
 * Rally runs a query in the account's default workspace unless `workspace` says otherwise, so
 * every permission or project query about a project must name that project's workspace. The
 * sandbox answers across workspaces either way; the Rally requests themselves are checked here.
 */
describe('Rally queries about a project run in its workspace', () => {
  let env: AppEnv;
  const seen: string[] = [];
  const recording: Dispatcher = new Agent().compose((dispatch) => (opts, handler) => {
    seen.push(String(opts.path));
    return dispatch(opts, handler);
  });

  before(async () => {
    env = await startAppEnv({ client: { dispatcher: recording } });
  });
  after(async () => {
    await env.close();
    await recording.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  /** A project outside the admin's default workspace, with its workspace's id. */
  async function projectInSecondWorkspace(): Promise<{ project: string; workspace: string }> {
    const res = await request(env.app)
      .get('/connector/v1/groups?limit=100')
      .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`)
      .expect(200);
    const workspaces = res.body.groups.filter((g: { type: string }) => g.type === 'workspace');
    expect(workspaces.length).to.be.at.least(2);
    const second: string = workspaces[1].id;
    const project = res.body.groups.find(
      (g: { type: string; workspaceId: string }) => g.type === 'project' && g.workspaceId === second,
    );
    return { project: project.id.split(':')[1], workspace: second.split(':')[1]! };
  }

  const permissionQueries = () => seen.filter((p) => p.includes('/projectpermission?'));

  it('connector: listing a project’s members', async () => {
    const { project, workspace } = await projectInSecondWorkspace();
    seen.length = 0;
    await request(env.app)
      .get(`/connector/v1/groups/project:${project}/members`)
      .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`)
      .expect(200);
    expect(permissionQueries()).to.not.be.empty;
    for (const p of permissionQueries()) expect(p).to.contain(`workspace=%2Fworkspace%2F${workspace}`);
  });

  it('SCIM: reading a group with its members, and listing groups', async () => {
    const { project, workspace } = await projectInSecondWorkspace();
    seen.length = 0;
    await request(env.app)
      .get(`/scim/v2/Groups/${project}`)
      .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`)
      .expect(200);
    expect(permissionQueries()).to.not.be.empty;
    for (const p of permissionQueries()) expect(p).to.contain(`workspace=%2Fworkspace%2F${workspace}`);
    seen.length = 0;
    await request(env.app)
      .get('/scim/v2/Groups?excludedAttributes=members')
      .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`)
      .expect(200);
    const projectQueries = seen.filter((p) => p.includes('/project?'));
    expect(projectQueries.length).to.be.at.least(2);
    for (const p of projectQueries) expect(p).to.match(/workspace=%2Fworkspace%2F\d+/);
  });
});
