import streamlit as st

from components.connection.connection import get_connection
from components.connection.status import connection_status, switching_help, test_connection
from components.shell.routing import through_the_router

through_the_router()

st.title("Connection", anchor=False)
connection = get_connection()
connection_status(connection)
test_connection(connection)
switching_help()
